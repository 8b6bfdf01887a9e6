package dev.junction.daemonset.demo;

import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A dual-stack one-node cluster in network namespaces, for {@code junction demo} and the end-to-end kernel tests:
 *
 * <pre>
 *   external client 198.19.0.2 ──── 198.19.0.1 node (the agent runs here) ──┬── pod 198.18.1.11 2001:2::1:11
 *                   2001:2::ff:2    2001:2::ff:1                           ├── pod 198.18.1.12 2001:2::1:12
 *                                   pod gateway 198.18.1.1 2001:2::1:1     └── ...
 * </pre>
 *
 * Pods are routed, not bridged (a /32 and a /128 per pod, as Calico does), so every packet to or from a pod crosses
 * the node's netfilter hooks without br_netfilter. The external client routes the test ranges (198.18.0.0/16 and
 * 198.19.1.0/24 for load-balancer IPs; for IPv6, 2001:2::/48, the IPv6 benchmarking range) through the node. Nothing is
 * linked to the root namespace; {@link #close()} removes it all.
 */
public final class ClusterSandbox implements AutoCloseable {

    public static final String NODE_IP = "198.19.0.1";
    public static final String EXTERNAL_CLIENT_IP = "198.19.0.2";
    /** A second address of the external client, for source-range tests. */
    public static final String OTHER_EXTERNAL_CLIENT_IP = "198.19.0.66";
    public static final String POD_CIDR = "198.18.1.0/24";
    public static final String POD_GATEWAY = "198.18.1.1";
    public static final String NODE_IP6 = "2001:2::ff:1";
    public static final String EXTERNAL_CLIENT_IP6 = "2001:2::ff:2";
    public static final String POD_CIDR6 = "2001:2::1:0/112";
    public static final String POD_GATEWAY6 = "2001:2::1:1";

    private final NetnsSandbox sandbox;
    private final Netns node;
    private final Netns external;
    private final List<Pod> pods = new ArrayList<>();

    private ClusterSandbox(NetnsSandbox sandbox) {
        this.sandbox = sandbox;
        this.node = sandbox.namespace("node");
        this.external = sandbox.namespace("ext");
        List<String> ifaces = sandbox.link(external, EXTERNAL_CLIENT_IP + "/24", node, NODE_IP + "/24");
        String externalIface = ifaces.get(0);
        String nodeIface = ifaces.get(1);
        external.exec("ip", "addr", "add", OTHER_EXTERNAL_CLIENT_IP + "/24", "dev", externalIface).orThrow();
        external.exec("ip", "route", "add", "198.18.0.0/16", "via", NODE_IP).orThrow();
        external.exec("ip", "route", "add", "198.19.1.0/24", "via", NODE_IP).orThrow();
        // No duplicate address detection: an address is usable at once instead of a second later.
        external.exec("ip", "-6", "addr", "add", EXTERNAL_CLIENT_IP6 + "/112", "dev", externalIface, "nodad").orThrow();
        node.exec("ip", "-6", "addr", "add", NODE_IP6 + "/112", "dev", nodeIface, "nodad").orThrow();
        external.exec("ip", "-6", "route", "add", "2001:2::/48", "via", NODE_IP6).orThrow();
        // A default route lets the node itself reach ClusterIPs (routing happens before OUTPUT's DNAT).
        node.exec("ip", "route", "add", "default", "via", EXTERNAL_CLIENT_IP).orThrow();
        node.exec("ip", "-6", "route", "add", "default", "via", EXTERNAL_CLIENT_IP6).orThrow();
        node.exec("sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
        node.exec("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1").orThrow();
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

    /**
     * Adds a pod namespace with an address from {@link #POD_CIDR} and one from {@link #POD_CIDR6}, routed through the
     * node.
     */
    public Pod addPod(String name, String ip, String ip6) {
        Netns ns = sandbox.namespace("p-" + name);
        List<String> ifaces = sandbox.link(ns, ip + "/32", node, POD_GATEWAY + "/32");
        String podIface = ifaces.get(0);
        String nodeIface = ifaces.get(1);
        ns.exec("ip", "route", "add", POD_GATEWAY, "dev", podIface).orThrow();
        ns.exec("ip", "route", "add", "default", "via", POD_GATEWAY, "dev", podIface).orThrow();
        node.exec("ip", "route", "add", ip + "/32", "dev", nodeIface).orThrow();
        ns.exec("ip", "-6", "addr", "add", ip6 + "/128", "dev", podIface, "nodad").orThrow();
        node.exec("ip", "-6", "addr", "add", POD_GATEWAY6 + "/128", "dev", nodeIface, "nodad").orThrow();
        ns.exec("ip", "-6", "route", "add", POD_GATEWAY6, "dev", podIface).orThrow();
        ns.exec("ip", "-6", "route", "add", "default", "via", POD_GATEWAY6, "dev", podIface).orThrow();
        node.exec("ip", "-6", "route", "add", ip6 + "/128", "dev", nodeIface).orThrow();
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
         * Serves {@code port} over TCP (IPv4 and IPv6) and UDP with socat: every connection or datagram gets one line
         * back, {@code <pod name> <peer address> <peer port>}, so a client sees who answered and whom it saw. The reply
         * command reads the request first (socat would otherwise fail writing it to a command that has exited),
         * and avoids ':' and ',' which socat reads as address syntax.
         */
        public void startEchoServer(int port, Path log) {
            String reply = "SYSTEM:read -r request; echo " + name + " $SOCAT_PEERADDR $SOCAT_PEERPORT";
            netns.start(List.of("socat", "TCP-LISTEN:" + port + ",fork,reuseaddr", reply), log);
            netns.start(List.of("socat", "TCP6-LISTEN:" + port + ",fork,reuseaddr,ipv6only=1", reply), log);
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
