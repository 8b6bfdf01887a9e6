package dev.junction.daemonset.demo;

import static dev.junction.daemonset.demo.DemoManifests.A1;
import static dev.junction.daemonset.demo.DemoManifests.A2;
import static dev.junction.daemonset.demo.DemoManifests.B1;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.net.Protocol;
import dev.junction.core.sandbox.Netns;
import dev.junction.daemonset.demo.Probe.Outcome;
import dev.junction.daemonset.demo.Probe.Reply;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * What {@code junction demo} shows, step by step, on a running {@link DemoCluster}: balancing on a ClusterIP and a
 * NodePort, a local-only LoadBalancer, REJECT and DROP, and a Service scaled to zero.
 */
public final class DemoTour {

    private static final int REQUESTS = 12;

    private final DemoCluster cluster;
    private final ProxyMode mode;
    private final PrintWriter out;

    /** @param mode the agent's proxy mode: a userspace proxy connects to the pods from the node */
    public DemoTour(DemoCluster cluster, ProxyMode mode, PrintWriter out) {
        this.cluster = cluster;
        this.mode = mode;
        this.out = out;
    }

    public void run() {
        Netns pod = cluster.clientPod();
        Netns outside = cluster.sandbox().external();
        section("ClusterIP ns1/web 198.18.0.10:80 from pod " + DemoManifests.CLIENT_POD
                + " (3 endpoints: a1, a2 on this node, b1 on node-b)");
        tally(pod, "198.18.0.10", 80, Protocol.TCP);
        section("NodePort " + ClusterSandbox.NODE_IP + ":30080 from outside (" + ClusterSandbox.EXTERNAL_CLIENT_IP
                + "): same endpoints, source masqueraded to the node");
        tally(outside, ClusterSandbox.NODE_IP, 30080, Protocol.TCP);
        section("LoadBalancer 198.19.1.11 with externalTrafficPolicy Local: only this node's endpoint, "
                + (mode == ProxyMode.USERSPACE ? "reached from the node (a userspace proxy makes its own connections)"
                        : "client address preserved"));
        tally(outside, "198.19.1.11", 80, Protocol.TCP);
        section("IPv6 ClusterIP ns1/web6 [2001:2:0:10::10]:80 from pod " + DemoManifests.CLIENT_POD_V6
                + " (the same three pods, by their IPv6 addresses)");
        tally(pod, "2001:2:0:10::10", 80, Protocol.TCP);
        section("UDP ClusterIP ns1/dns 198.18.0.16:53");
        tally(pod, "198.18.0.16", 53, Protocol.UDP);
        section("ClusterIP ns1/empty has no endpoints: REJECT");
        once(pod, "198.18.0.12", 80);
        section("NodePort 30083 with Local policy and only a remote endpoint: DROP for external clients");
        once(outside, ClusterSandbox.NODE_IP, 30083);
        section("ClusterIP ns1/churn 198.18.0.17:80 scaled from a1, a2, b1 down to zero");
        cluster.setChurnEndpoints(List.of(A1, A2, B1));
        awaitTrue(() -> Probe.send(pod, "198.18.0.17", 80, Protocol.TCP).pod().equals("b1"));
        tally(pod, "198.18.0.17", 80, Protocol.TCP);
        cluster.setChurnEndpoints(List.of());
        out.println("  manifest rewritten with an empty EndpointSlice; junction re-reads it and re-syncs");
        awaitOutcome(pod, "198.18.0.17", Outcome.REFUSED);
        once(pod, "198.18.0.17", 80);
        section("Cluster DNS from the same watched state (run --dns-listen), asked with dig");
        out.println("  web.ns1.svc.cluster.local A  -> " + cluster.dig("web.ns1.svc.cluster.local", "A"));
        out.println("  web6.ns1.svc.cluster.local AAAA -> " + cluster.dig("web6.ns1.svc.cluster.local", "AAAA"));
        out.println("  _p._tcp.web.ns1.svc.cluster.local SRV -> "
                + cluster.dig("_p._tcp.web.ns1.svc.cluster.local", "SRV"));
        section("What the agent reports");
        out.println("  /healthz: " + cluster.agent().fetchHealth("/healthz").lines().findFirst().orElse(""));
        cluster.agent().scrapeMetrics().lines()
                .filter(l -> l.startsWith("kubeproxy_sync_proxy_rules_iptables_total")
                        || l.startsWith("kubeproxy_sync_proxy_rules_duration_seconds_count")
                        || l.startsWith("kubeproxy_network_programming_duration_seconds_count"))
                .forEach(l -> out.println("  " + l));
        out.flush();
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }

    private void tally(Netns from, String ip, int port, Protocol protocol) {
        Map<String, Integer> byPod = new TreeMap<>();
        String peer = "";
        for (int i = 0; i < REQUESTS; i++) {
            Reply reply = Probe.send(from, ip, port, protocol);
            byPod.merge(reply.outcome() == Outcome.ANSWERED ? reply.pod() : reply.toString(), 1, Integer::sum);
            peer = reply.peer().isEmpty() ? peer : reply.peer();
        }
        out.println("  " + REQUESTS + " requests answered by " + byPod + "; the pods saw the client as " + peer);
        out.flush();
    }

    private void once(Netns from, String ip, int port) {
        Reply reply = Probe.send(from, ip, port, Protocol.TCP);
        out.println("  " + reply + " (after " + reply.took().toMillis() + " ms)");
        out.flush();
    }

    private void awaitOutcome(Netns from, String ip, Outcome outcome) {
        awaitTrue(() -> Probe.send(from, ip, 80, Protocol.TCP).outcome() == outcome);
    }

    /** Polls a probe until it holds, at most 20 s: each probe is a real request, so this never spins. */
    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
        }
        throw new IllegalStateException("the demo cluster did not reach the expected state within 20 s");
    }
}
