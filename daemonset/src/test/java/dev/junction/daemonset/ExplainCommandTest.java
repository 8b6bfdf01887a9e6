package dev.junction.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code junction explain} on examples/basic.yaml plus {@code explain/extra.yaml} (a Service without endpoints, an
 * externalTrafficPolicy Local load balancer and an internalTrafficPolicy Local Service with their only endpoint on
 * node-b, and a Service with ClientIP affinity), as node-a with pods in 198.19.0.0/16.
 * Node-a is 198.18.100.1; 198.18.250.1 is a client outside the cluster.
 */
class ExplainCommandTest {

    private static final String DROP = "verdict:    DROP: no local endpoint under a Local traffic policy (internal, or"
            + " external from outside), or a source outside loadBalancerSourceRanges (the client times out)";
    private static final List<String> NO_MATCH = List.of(
            "verdict:    no match: no Junction rule takes this packet; the kernel routes it unchanged",
            "masquerade: no");

    @TempDir
    Path source;

    @BeforeEach
    void writeSource() throws IOException {
        Files.copy(RulesCommandTest.BASIC, source.resolve("basic.yaml"));
        Files.copy(Path.of("src", "test", "resources", "explain", "extra.yaml"), source.resolve("extra.yaml"));
    }

    record Flow(String name, List<String> args, List<String> expectedLines) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Flow> flows() {
        return Stream.of(
                new Flow("a pod to a ClusterIP reaches either endpoint",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.10:80"),
                        List.of("packet:     tcp 198.19.1.99 -> 198.18.0.10:80, from a pod",
                                "verdict:    ACCEPT: DNAT to one of 2 endpoints",
                                "endpoints:  198.19.1.10:8080  (50.0%)",
                                "            198.19.2.10:8080  (50.0%)",
                                "masquerade: no (the endpoint sees the client's address)")),
                new Flow("UDP to the DNS ClusterIP",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.53:53/udp"),
                        List.of("packet:     udp 198.19.1.99 -> 198.18.0.53:53, from a pod",
                                "endpoints:  198.19.1.53:5353  (100.0%)")),
                new Flow("an outside client to a NodePort is masqueraded",
                        List.of("--from", "198.18.250.1", "--to", "198.18.100.1:30443"),
                        List.of("packet:     tcp 198.18.250.1 -> 198.18.100.1:30443, from outside the cluster",
                                "verdict:    ACCEPT: DNAT to the only endpoint",
                                "endpoints:  198.19.2.20:8443  (100.0%)",
                                "masquerade: yes (the endpoint sees this node's address as the source)")),
                new Flow("the node itself to a ClusterIP",
                        List.of("--from", "198.18.100.1", "--to", "198.18.0.20:443"),
                        List.of("packet:     tcp 198.18.100.1 -> 198.18.0.20:443, from this node (host network)",
                                "masquerade: yes (the endpoint sees this node's address as the source)")),
                new Flow("a Service without endpoints rejects",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.40:80"),
                        List.of("verdict:    REJECT: the Service has no endpoints (the client sees connection"
                                + " refused)")),
                new Flow("externalTrafficPolicy Local without a local endpoint drops outside clients",
                        List.of("--from", "198.18.250.1", "--to", "198.18.200.2:80"),
                        List.of(DROP)),
                new Flow("externalTrafficPolicy Local still serves pods from any endpoint",
                        List.of("--from", "198.19.1.99", "--to", "198.18.200.2:80"),
                        List.of("endpoints:  198.19.2.40:8080  (100.0%)")),
                new Flow("an explicit origin overrides the inferred one",
                        List.of("--from", "198.18.250.1", "--to", "198.18.0.10:80", "--origin", "pod"),
                        List.of("packet:     tcp 198.18.250.1 -> 198.18.0.10:80, from a pod")),
                new Flow("internalTrafficPolicy Local without a local endpoint drops",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.70:80"), List.of(DROP)),
                new Flow("an address that is no Service's goes on unchanged",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.99:80"), NO_MATCH));
    }

    /**
     * The same questions in nftables mode, which must end the same, and the ClusterIP guard only that mode has
     * (examples/basic.yaml's ServiceCIDR is 198.18.0.0/24).
     */
    static Stream<Flow> nftablesFlows() {
        return Stream.concat(flows().filter(flow -> !flow.name().equals("an address that is no Service's goes on"
                + " unchanged")), Stream.of(
                new Flow("an address of the ServiceCIDR that no Service holds is dropped",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.99:80"),
                        List.of("verdict:    DROP: an address of the Services' CIDRs that no Service holds (the"
                                + " client times out)")),
                new Flow("a ClusterIP on a port its Service lacks is rejected",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.10:81"),
                        List.of("verdict:    REJECT: a ClusterIP on a port its Service does not define (the client"
                                + " sees connection refused)",
                                "  5. cluster-ips-check: ip daddr @cluster-ips reject comment \"Reject traffic to"
                                        + " invalid ports of ClusterIPs\"")),
                new Flow("an address outside the ServiceCIDRs goes on unchanged",
                        List.of("--from", "198.19.1.99", "--to", "198.18.9.9:80"), NO_MATCH)));
    }

    @ParameterizedTest
    @MethodSource("nftablesFlows")
    void explainsWhereTheNftablesRulesSendThePacket(Flow c) {
        List<String> args = new ArrayList<>(List.of("--proxy-mode", "nftables"));
        args.addAll(c.args());
        CommandRun run = explain(args);

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().lines()).containsAll(c.expectedLines());
        assertThat(run.stdout()).containsPattern("rules matched, in order:\n  1\\. filter-(prerouting|output): ct state"
                + " new jump ");
    }

    /** The same questions in userspace mode: the steering rules, then the listener's choice. */
    static Stream<Flow> userspaceFlows() {
        return Stream.of(
                new Flow("a pod to a ClusterIP is redirected to the listener, which picks either endpoint",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.10:80"),
                        List.of("verdict:    PROXIED: the listener of shop/web:http/tcp connects to one of 2 endpoints",
                                "listener:   shop/web:http/tcp, reached through its ClusterIP, redirected to proxy"
                                        + " port 7 (numbered as in junction rules)",
                                "policy:     internal traffic: internalTrafficPolicy Cluster, every endpoint",
                                "balance:    round-robin among 2 endpoints",
                                "endpoints:  198.19.1.10:8080  (50.0%)",
                                "            198.19.2.10:8080  (50.0%)",
                                "masquerade: yes (the listener connects from this node: the endpoint sees this"
                                        + " node's address as the source)",
                                "  2. -A KUBE-USERSPACE-SERVICES -m comment --comment \"shop/web:http cluster IP\""
                                        + " -m tcp -p tcp -d 198.18.0.10 --dport 80 -j REDIRECT --to-ports 7")),
                new Flow("the balance mode is the one asked for",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.10:80", "--userspace-balance",
                                "least-connections"),
                        List.of("balance:    least-connections among 2 endpoints")),
                new Flow("an outside client to a NodePort reaches the listener bound on it",
                        List.of("--from", "198.18.250.1", "--to", "198.18.100.1:30443"),
                        List.of("listener:   shop/api:https/tcp, reached through its NodePort, which the listener"
                                + " binds",
                                "policy:     external traffic: externalTrafficPolicy Cluster, every endpoint",
                                "endpoints:  198.19.2.20:8443  (100.0%)")),
                new Flow("ClientIP affinity names this client's endpoint",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.60:80"),
                        List.of("balance:    ClientIP affinity: Maglev hashing gives this client the endpoint below",
                                "endpoints:  198.19.2.60:8080  (100.0%)")),
                new Flow("another client may hash to the other endpoint",
                        List.of("--from", "198.19.1.98", "--to", "198.18.0.60:80"),
                        List.of("endpoints:  198.19.1.60:8080  (100.0%)")),
                new Flow("a Service without endpoints is rejected before any listener",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.40:80"),
                        List.of("verdict:    REJECT: the Service has no endpoints (the client sees connection"
                                + " refused)", "masquerade: no")),
                new Flow("externalTrafficPolicy Local without a local endpoint drops outside clients",
                        List.of("--from", "198.18.250.1", "--to", "198.18.200.2:80"), List.of(DROP)),
                new Flow("externalTrafficPolicy Local still serves pods from any endpoint",
                        List.of("--from", "198.19.1.99", "--to", "198.18.200.2:80"),
                        List.of("policy:     an external frontend from a pod or this node: every endpoint, whatever"
                                + " the external policy", "endpoints:  198.19.2.40:8080  (100.0%)")),
                new Flow("internalTrafficPolicy Local without a local endpoint drops",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.70:80"), List.of(DROP)),
                new Flow("an address that is no Service's goes on unchanged",
                        List.of("--from", "198.19.1.99", "--to", "198.18.0.99:80"), NO_MATCH));
    }

    @ParameterizedTest
    @MethodSource("userspaceFlows")
    void explainsWhereTheUserspaceModeSendsThePacket(Flow c) {
        List<String> args = new ArrayList<>(List.of("--proxy-mode", "userspace"));
        args.addAll(c.args());
        CommandRun run = explain(args);

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().lines()).containsAll(c.expectedLines());
        assertThat(run.stdout()).contains("rules matched, in order:\n  1. -A PREROUTING -m comment --comment"
                + " \"kubernetes userspace service portals\" -j KUBE-USERSPACE-SERVICES\n");
    }

    @ParameterizedTest
    @MethodSource("flows")
    void explainsWhereThePacketGoes(Flow c) {
        CommandRun run = explain(c.args());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().lines()).containsAll(c.expectedLines());
        assertThat(run.stdout()).contains("rules matched, in order:\n  1. -A ");
    }

    record Bad(String name, List<String> args, String stderr) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> badCommandLines() {
        return Stream.of(
                new Bad("no destination", List.of("--from", "198.19.1.99"),
                        "junction: Missing required option: '--to=IP:PORT[/PROTO]'"),
                new Bad("a destination without a port", List.of("--from", "198.19.1.99", "--to", "198.18.0.10"),
                        "junction: --to 198.18.0.10: (expected: IP:PORT[/tcp|udp|sctp], [IPv6]:PORT for IPv6)"),
                new Bad("an unknown protocol", List.of("--from", "198.19.1.99", "--to", "198.18.0.10:80/icmp"),
                        "junction: --to 198.18.0.10:80/icmp: protocol \"ICMP\" (expected: TCP, UDP or SCTP)"),
                new Bad("a port out of range", List.of("--from", "198.19.1.99", "--to", "198.18.0.10:70000"),
                        "junction: --to 198.18.0.10:70000: packet to 198.18.0.10 port 70000 (expected: 1-65535)"),
                new Bad("a source that is no address", List.of("--from", "pod-a", "--to", "198.18.0.10:80"),
                        "junction: --from pod-a: IP address \"pod-a\" (expected: an IPv4 or IPv6 literal)"),
                new Bad("families that differ", List.of("--from", "fd00:198:19::1", "--to", "198.18.0.10:80"),
                        "junction: --to 198.18.0.10:80: packet from fd00:198:19::1 to 198.18.0.10 (expected: source"
                                + " and destination of one family)"),
                new Bad("an unknown origin", List.of("--from", "198.19.1.99", "--to", "198.18.0.10:80", "--origin",
                        "moon"), "junction: --origin moon: (expected: pod, node or external)"),
                new Bad("a mode without iptables rules",
                        List.of("--proxy-mode", "ipvs", "--from", "198.19.1.99", "--to", "198.18.0.10:80"),
                        "junction: --proxy-mode ipvs: explain does not know this mode's rules (expected: iptables,"
                                + " nftables, userspace)"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineOnStderrAndExitCode2(Bad c) {
        CommandRun run = explain(c.args());

        assertThat(run.stderr()).isEqualTo(c.stderr() + System.lineSeparator());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
    }

    private CommandRun explain(List<String> args) {
        List<String> all = new ArrayList<>(List.of("explain", "--source", source.toString(), "--hostname-override",
                "node-a", "--cluster-cidr", "198.19.0.0/16"));
        all.addAll(args);
        return CommandRun.of(all);
    }
}
