package dev.junction.daemonset.demo;

import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-node cluster in network namespaces, for {@code junction demo} and the end-to-end kernel tests:
 *
 * <pre>
 *   external client 198.19.0.2 ──── 198.19.0.1 node (the agent runs here) ──┬── pod 198.18.1.11
 *                                                  pod gateway 198.18.1.1 ├── pod 198.18.1.12
 *                                                                         └── ...
 * </pre>
 *
 * Pods are routed, not bridged (a /32 per pod, as Calico does), so every packet to or from a pod crosses the node's
 * netfilter hooks without br_netfilter. The external client routes the test ranges (198.18.0.0/16 and 198.19.1.0/24
 * for load-balancer IPs) through the node. Nothing is linked to the root namespace; {@link #close()} removes it all.
 */
public final class ClusterSandbox implements AutoCloseable {

    public static final String NODE_IP = "198.19.0.1";
    public static final String EXTERNAL_CLIENT_IP = "198.19.0.2";
    /** A second address of the external client, for source-range tests. */
    public static final String OTHER_EXTERNAL_CLIENT_IP = "198.19.0.66";
    public static final String POD_CIDR = "198.18.1.0/24";
    public static final String POD_GATEWAY = "198.18.1.1";

    private final NetnsSandbox sandbox;
    private final Netns node;
    private final Netns external;
    private final List<Pod> pods = new ArrayList<>();

    private ClusterSandbox(NetnsSandbox sandbox) {
        this.sandbox = sandbox;
        this.node = sandbox.namespace("node");
        this.external = sandbox.namespace("ext");
        String externalIface = sandbox.link(external, EXTERNAL_CLIENT_IP + "/24", node, NODE_IP + "/24").get(0);
        external.exec("ip", "addr", "add", OTHER_EXTERNAL_CLIENT_IP + "/24", "dev", externalIface).orThrow();
        external.exec("ip", "route", "add", "198.18.0.0/16", "via", NODE_IP).orThrow();
        external.exec("ip", "route", "add", "198.19.1.0/24", "via", NODE_IP).orThrow();
        // A default route lets the node itself reach ClusterIPs (routing happens before OUTPUT's DNAT).
        node.exec("ip", "route", "add", "default", "via", EXTERNAL_CLIENT_IP).orThrow();
        node.exec("sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
    }

    /** Creates the node and the external client. Check {@link NetnsSandbox#unsupportedReason} first. */
    public static ClusterSandbox create() {
        NetnsSandbox sandbox = NetnsSandbox.create();
        try {
            return new ClusterSandbox(sandbox);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** Adds a pod namespace with one address from {@link #POD_CIDR}, routed through the node. */
    public Pod addPod(String name, String ip) {
        Netns ns = sandbox.namespace("p-" + name);
        List<String> ifaces = sandbox.link(ns, ip + "/32", node, POD_GATEWAY + "/32");
        ns.exec("ip", "route", "add", POD_GATEWAY, "dev", ifaces.get(0)).orThrow();
        ns.exec("ip", "route", "add", "default", "via", POD_GATEWAY, "dev", ifaces.get(0)).orThrow();
        node.exec("ip", "route", "add", ip + "/32", "dev", ifaces.get(1)).orThrow();
        Pod pod = new Pod(name, ip, ns);
        pods.add(pod);
        return pod;
    }

    public Netns node() {
        return node;
    }

    public Netns external() {
        return external;
    }

    public List<Pod> pods() {
        return List.copyOf(pods);
    }

    @Override
    public void close() {
        sandbox.close();
    }

    /** A pod namespace. */
    public record Pod(String name, String ip, Netns netns) {

        /**
         * Serves {@code port} over TCP and UDP with socat: every connection or datagram gets one line back,
         * {@code <pod name> <peer address> <peer port>}, so a client sees who answered and whom it saw. The reply
         * command reads the request first (socat would otherwise fail writing it to a command that has exited),
         * and avoids ':' and ',' which socat reads as address syntax.
         */
        public void startEchoServer(int port, Path log) {
            String reply = "SYSTEM:read -r request; echo " + name + " $SOCAT_PEERADDR $SOCAT_PEERPORT";
            netns.start(List.of("socat", "TCP-LISTEN:" + port + ",fork,reuseaddr", reply), log);
            netns.start(List.of("socat", "UDP-RECVFROM:" + port + ",fork,reuseaddr", reply), log);
            awaitListening(port);
        }

        /** Waits (at most 5 s) until the TCP listener is up; each check is a process spawn, so this never spins. */
        private void awaitListening(int port) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                if (!netns.exec("ss", "-Hltn", "sport = :" + port).stdout().isBlank()) {
                    return;
                }
            }
            throw new IllegalStateException("pod " + name + ": echo server on port " + port + " did not start");
        }
    }
}
