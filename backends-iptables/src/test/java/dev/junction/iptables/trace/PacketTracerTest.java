package dev.junction.iptables.trace;

import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static dev.junction.iptables.compile.SnapshotFixtures.snapshot;
import static dev.junction.iptables.trace.Packet.Origin.EXTERNAL;
import static dev.junction.iptables.trace.Packet.Origin.NODE;
import static dev.junction.iptables.trace.Packet.Origin.POD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.IptablesCompiler;
import dev.junction.iptables.compile.KubeProxyScenarios;
import dev.junction.iptables.compile.RuleWriter;
import dev.junction.iptables.compile.Ruleset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Packet flows through compiled rulesets, mirroring upstream's {@code runPacketFlowTests} tables. The node's address
 * is 198.19.200.1 (fd00:198:19:200::1), pods are in 198.18.128.0/17 (fd00:198:18:1::/64), and 198.19.250.1 is a
 * client outside the cluster. Outputs read as upstream's: endpoints joined by ", ", or ACCEPT, DROP, REJECT, or ""
 * when no rule of ours took the packet.
 */
class PacketTracerTest {

    static final String NODE_IP = "198.19.200.1";
    static final String NODE_IP_V6 = "fd00:198:19:200::1";
    static final String POD_IP = "198.18.128.99";
    static final String OUTSIDE = "198.19.250.1";
    static final CompilerOptions OPTIONS = CompilerOptions.builder()
            .clusterCidrs(List.of(Cidr.parse("198.18.128.0/17"), Cidr.parse("fd00:198:18:1::/64")))
            .nodeIps(List.of(IpAddress.parse(NODE_IP), IpAddress.parse(NODE_IP_V6))).build();

    record Flow(String name, ClusterSnapshot snapshot, CompilerOptions options, Packet packet, String output,
            boolean masquerade) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Flow flow(String name, ClusterSnapshot snapshot, String source, String destination, int port,
            Packet.Origin origin, String output, boolean masquerade) {
        return flow(name, snapshot, OPTIONS, source, destination, port, Protocol.TCP, origin, output, masquerade);
    }

    static Flow flow(String name, ClusterSnapshot snapshot, CompilerOptions options, String source,
            String destination, int port, Protocol protocol, Packet.Origin origin, String output, boolean masquerade) {
        Packet packet = new Packet(IpAddress.parse(source), IpAddress.parse(destination), port, protocol, origin);
        return new Flow(name, snapshot, options, packet, output, masquerade);
    }

    /** Upstream TestClusterIPGeneral / TestOverallIPTablesRules flows. */
    static Stream<Flow> clusterIpFlows() {
        ClusterSnapshot overall = KubeProxyScenarios.overall();
        ClusterSnapshot udp = snapshot(servicePort("ns1", "dns", "dns").protocol(Protocol.UDP)
                .clusterIp("198.18.0.10").port(53).endpoint("198.18.128.53", 5353).build());
        return Stream.of(
                flow("pod to ClusterIP", overall, POD_IP, "198.18.0.41", 80, POD, "198.18.128.1:80", false),
                flow("node to ClusterIP is masqueraded", overall, NODE_IP, "198.18.0.41", 80, NODE,
                        "198.18.128.1:80", true),
                flow("off-cluster client to ClusterIP is masqueraded", overall, OUTSIDE, "198.18.0.41", 80, EXTERNAL,
                        "198.18.128.1:80", true),
                flow("endpoint to its own ClusterIP hairpins with masquerade", overall, "198.18.128.1", "198.18.0.41",
                        80, POD, "198.18.128.1:80", true),
                flow("ClusterIP with two endpoints follows both branches", overall, POD_IP, "198.18.0.44", 80, POD,
                        "198.18.128.4:80, 198.18.128.5:80", false),
                flow("ClusterIP on the wrong port is not ours", overall, POD_IP, "198.18.0.41", 81, POD, "", false),
                flow("UDP to a TCP port is not ours", overall, OPTIONS, POD_IP, "198.18.0.41", 80, Protocol.UDP, POD,
                        "", false),
                flow("UDP ClusterIP", udp, OPTIONS, POD_IP, "198.18.0.10", 53, Protocol.UDP, POD, "198.18.128.53:5353",
                        false),
                flow("affinity does not change the first packet", overall, POD_IP, "198.18.0.45", 80, POD,
                        "198.18.128.3:80", false),
                flow("ClusterIP without endpoints is rejected", overall, POD_IP, "198.18.0.46", 80, POD, "REJECT",
                        false),
                flow("unrelated address is not ours", overall, POD_IP, "198.19.77.7", 80, POD, "", false));
    }

    /** Upstream TestNodePorts / TestLoadBalancer / TestNoEndpointsReject flows. */
    static Stream<Flow> externalFlows() {
        ClusterSnapshot overall = KubeProxyScenarios.overall();
        ClusterSnapshot noEndpoints = snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80)
                .nodePort(3001).externalIp("198.19.99.11").loadBalancerIp("198.19.2.4").build());
        return Stream.of(
                flow("NodePort from outside", overall, OUTSIDE, NODE_IP, 3003, EXTERNAL, "198.18.128.3:80", true),
                flow("NodePort from a pod", overall, POD_IP, NODE_IP, 3003, POD, "198.18.128.3:80", true),
                flow("NodePort on localhost", overall, "127.0.0.1", "127.0.0.1", 3003, NODE, "198.18.128.3:80", true),
                flow("externalIP from outside", overall, OUTSIDE, "198.19.99.33", 80, EXTERNAL,
                        "198.18.128.4:80, 198.18.128.5:80", true),
                flow("load balancer from an allowed source", overall, "198.19.113.5", "198.19.5.8", 80, EXTERNAL,
                        "198.18.128.3:80", true),
                flow("load balancer from a source outside the ranges", overall, OUTSIDE, "198.19.5.8", 80, EXTERNAL,
                        "DROP", false),
                flow("pods are subject to the source ranges too", overall, POD_IP, "198.19.5.8", 80, POD, "DROP",
                        false),
                flow("NodePort ignores loadBalancerSourceRanges", overall, OUTSIDE, NODE_IP, 3002, EXTERNAL,
                        "198.18.128.3:80", true),
                flow("health check node port is accepted", overall, OUTSIDE, NODE_IP, 30000, EXTERNAL, "ACCEPT",
                        false),
                flow("no endpoints: ClusterIP rejected", noEndpoints, OUTSIDE, "198.18.0.41", 80, EXTERNAL, "REJECT",
                        false),
                flow("no endpoints: externalIP rejected", noEndpoints, OUTSIDE, "198.19.99.11", 80, EXTERNAL,
                        "REJECT", false),
                flow("no endpoints: NodePort rejected", noEndpoints, OUTSIDE, NODE_IP, 3001, EXTERNAL, "REJECT", false),
                flow("no endpoints: load balancer rejected", noEndpoints, OUTSIDE, "198.19.2.4", 80, EXTERNAL,
                        "REJECT", false));
    }

    /** Upstream TestExternalTrafficPolicyLocal and TestInternalTrafficPolicy flows. */
    static Stream<Flow> trafficPolicyFlows() {
        ClusterSnapshot withLocal = KubeProxyScenarios.externalPolicyLocal(true);
        ClusterSnapshot withoutLocal = KubeProxyScenarios.externalPolicyLocal(false);
        ClusterSnapshot internalLocal = snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80)
                .internalTrafficPolicy(TrafficPolicy.LOCAL).endpoint("198.18.128.1", 80).local()
                .endpoint("198.18.128.2", 80).build());
        ClusterSnapshot internalNoLocal = snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41")
                .port(80).internalTrafficPolicy(TrafficPolicy.LOCAL).endpoint("198.18.128.2", 80).build());
        CompilerOptions noDetector = OPTIONS.toBuilder().clusterCidrs(List.of()).build();
        ClusterSnapshot onlyTerminating = snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41")
                .port(80).endpoint("198.18.128.1", 80).terminating().endpoint("198.18.128.2", 80).notReady().build());
        ClusterSnapshot localTerminating = snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41")
                .port(80).nodePort(3001).externalTrafficPolicy(TrafficPolicy.LOCAL).loadBalancerIp("198.19.2.4")
                .endpoint("198.18.128.1", 80).local().terminating().endpoint("198.18.129.1", 80).build());
        String both = "198.18.128.2:80, 198.18.129.1:80";
        return Stream.of(
                flow("eTP Local: ClusterIP still uses every endpoint", withLocal, POD_IP, "198.18.0.41", 80, POD, both,
                        false),
                flow("eTP Local: outside client to LB keeps its source, local endpoint only", withLocal, OUTSIDE,
                        "198.19.2.4", 80, EXTERNAL, "198.18.128.2:80", false),
                flow("eTP Local: outside client to NodePort, local endpoint only", withLocal, OUTSIDE, NODE_IP, 3001,
                        EXTERNAL, "198.18.128.2:80", false),
                flow("eTP Local: pod to LB is short-circuited to every endpoint", withLocal, POD_IP, "198.19.2.4", 80,
                        POD, both, false),
                flow("eTP Local: node to NodePort reaches every endpoint, masqueraded", withLocal, NODE_IP, NODE_IP,
                        3001, NODE, both, true),
                flow("eTP Local: no local endpoint drops outside traffic to the externalIP", withoutLocal, OUTSIDE,
                        "198.19.99.11", 80, EXTERNAL, "DROP", false),
                flow("eTP Local: no local endpoint drops outside traffic to the NodePort", withoutLocal, OUTSIDE,
                        NODE_IP, 3001, EXTERNAL, "DROP", false),
                flow("eTP Local: no local endpoint, pods still reach the remote one", withoutLocal, POD_IP,
                        "198.19.2.4", 80, POD, "198.18.129.1:80", false),
                flow("eTP Local without a detector: pods get local endpoints only", withLocal, noDetector, POD_IP,
                        "198.19.2.4", 80, Protocol.TCP, POD, "198.18.128.2:80", false),
                flow("iTP Local: ClusterIP reaches the local endpoint only", internalLocal, POD_IP, "198.18.0.41", 80,
                        POD, "198.18.128.1:80", false),
                flow("iTP Local: no local endpoint drops ClusterIP traffic", internalNoLocal, POD_IP, "198.18.0.41", 80,
                        POD, "DROP", false),
                flow("no ready endpoint: Cluster falls back to serving terminating ones", onlyTerminating, POD_IP,
                        "198.18.0.41", 80, POD, "198.18.128.1:80", false),
                flow("eTP Local: a terminating local endpoint still takes outside traffic", localTerminating, OUTSIDE,
                        "198.19.2.4", 80, EXTERNAL, "198.18.128.1:80", false),
                flow("eTP Local: ClusterIP prefers the ready remote endpoint to the terminating local one",
                        localTerminating, POD_IP, "198.18.0.41", 80, POD, "198.18.129.1:80", false));
    }

    /** The IPv6 half of a dual-stack Service. */
    static Stream<Flow> ipv6Flows() {
        ClusterSnapshot dualStack = KubeProxyScenarios.dualStack();
        String both = "[fd00:198:18:1::1]:80, [fd00:198:18:1::2]:80";
        return Stream.of(
                flow("IPv6 pod to ClusterIP", dualStack, "fd00:198:18:1::99", "fd00:198:18::41", 80, POD, both, false),
                flow("IPv6 outside client to externalIP is masqueraded", dualStack, "fd00:198:19:250::1",
                        "fd00:198:19::99", 80, EXTERNAL, both, true),
                flow("IPv6 NodePort on the node address", dualStack, "fd00:198:19:250::1", NODE_IP_V6, 3001, EXTERNAL,
                        both, true),
                flow("IPv6 NodePorts never work on ::1", dualStack, "::1", "::1", 3001, NODE, "", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"clusterIpFlows", "externalFlows", "trafficPolicyFlows", "ipv6Flows"})
    void tracesLikeKubeProxy(Flow flow) {
        IpFamily family = flow.packet().destination().family();
        Ruleset ruleset = new IptablesCompiler().compile(flow.snapshot(), family, flow.options());
        PacketTracer tracer = new PacketTracer(ruleset, List.of(IpAddress.parse(NODE_IP), IpAddress.parse(NODE_IP_V6)));

        Trace trace = tracer.trace(flow.packet());

        String matched = trace.matched().stream().map(RuleWriter::renderRule).collect(Collectors.joining("\n"));
        assertThat(trace.summary()).as("output, by matching:%n%s", matched).isEqualTo(flow.output());
        assertThat(trace.masquerade()).as("masquerade, by matching:%n%s", matched).isEqualTo(flow.masquerade());
        assertThat(trace.verdict()).isEqualTo(expectedVerdict(flow.output()));
    }

    private static Trace.Verdict expectedVerdict(String output) {
        return switch (output) {
            case "" -> Trace.Verdict.NO_MATCH;
            case "DROP" -> Trace.Verdict.DROP;
            case "REJECT" -> Trace.Verdict.REJECT;
            default -> Trace.Verdict.ACCEPT;
        };
    }
}
