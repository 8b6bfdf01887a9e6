package dev.junction.daemonset.e2e;

import static dev.junction.daemonset.demo.ClusterSandbox.POD_GATEWAY;
import static dev.junction.daemonset.demo.ClusterSandbox.POD_GATEWAY6;
import static dev.junction.daemonset.demo.DemoManifests.A1;
import static dev.junction.daemonset.demo.DemoManifests.A2;
import static dev.junction.daemonset.demo.DemoManifests.B1;
import static dev.junction.daemonset.demo.DemoManifests.CLIENT_POD;
import static dev.junction.daemonset.demo.DemoManifests.CLIENT_POD_V6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.net.Protocol;
import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import dev.junction.daemonset.demo.AgentProcess;
import dev.junction.daemonset.demo.DemoCluster;
import dev.junction.daemonset.demo.ClusterSandbox;
import dev.junction.daemonset.demo.Probe;
import dev.junction.daemonset.demo.Probe.Outcome;
import dev.junction.daemonset.demo.Probe.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A kernel data plane end to end: {@code junction run --source} as its own process in a node namespace, real packets
 * from a pod, the node and an external client, answered by socat echo servers in pod namespaces that report the client
 * address they saw. Every mode must pass the same table; subclasses name the mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DataPlaneBehaviour {

    static final int REQUESTS = 30;
    private static final String LOCAL6_EXTERNAL_IP = "2001:2:0:11::11";

    DemoCluster demo;
    ClusterSandbox cluster;
    AgentProcess agent;
    Netns clientPod;
    Path workDir;

    /** The agent's {@code --proxy-mode}. */
    abstract ProxyMode mode();

    /** The tool the mode programs the kernel with. */
    abstract String kernelTool();

    /** A metric only this mode reports, as a {@code /metrics} line prefix. */
    abstract String modeMetric();

    /** Flags the agent gets beyond the demo's own and {@code --proxy-mode}. */
    List<String> agentFlags() {
        return List.of();
    }

    /** Whether endpoints see the client's own address where kube-proxy keeps it; a proxy connects from the node. */
    boolean keepsClientAddresses() {
        return true;
    }

    @BeforeAll
    void startClusterAndAgent(@TempDir Path dir) {
        String reason = NetnsSandbox.unsupportedReason(kernelTool(), "socat", "curl", "ss", "dig");
        assumeTrue(reason == null, reason);
        workDir = dir;
        demo = DemoCluster.start(dir, List.of(A1), mode(), agentFlags());
        cluster = demo.sandbox();
        agent = demo.agent();
        clientPod = demo.clientPod();
    }

    @AfterAll
    void stopEverything() {
        if (demo != null) {
            demo.close();
        }
    }

    /** ns1/web and ns1/web6 serve the same three pods, over IPv4 and over IPv6. */
    record Stack(String name, String webClusterIp, int webNodePort, String nodeIp, String clientPod,
            String podGateway) {

        static final Stack IPV4 = new Stack("IPv4", "198.18.0.10", 30080, ClusterSandbox.NODE_IP, CLIENT_POD,
                POD_GATEWAY);
        static final Stack IPV6 = new Stack("IPv6", "2001:2:0:10::10", 30087, ClusterSandbox.NODE_IP6, CLIENT_POD_V6,
                POD_GATEWAY6);

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Stack> stacks() {
        return List.of(Stack.IPV4, Stack.IPV6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void clusterIpFromAPodReachesEveryReadyEndpoint(Stack stack) {
        List<Reply> replies = Probe.sendMany(clientPod, stack.webClusterIp(), 80, Protocol.TCP, REQUESTS);

        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(replies)).containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(replies).allMatch(
                r -> r.peer().equals(keepsClientAddresses() ? stack.clientPod() : stack.podGateway()),
                "no masquerade for pod traffic (a proxy connects from the node)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stacks")
    void nodePortFromOutsideIsServedAndMasqueraded(Stack stack) {
        List<Reply> replies =
                Probe.sendMany(cluster.external(), stack.nodeIp(), stack.webNodePort(), Protocol.TCP, REQUESTS);

        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(replies)).containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(replies).allMatch(r -> r.peer().equals(stack.podGateway()),
                "external traffic to a Cluster-policy NodePort is masqueraded to the node");
    }

    @Test
    void ipv6ExternalIpWithLocalPolicyServesOutsidersFromLocalEndpointsAndPodsFromAll() {
        List<Reply> outside = Probe.sendMany(cluster.external(), LOCAL6_EXTERNAL_IP, 80, Protocol.TCP, REQUESTS);
        List<Reply> inside = Probe.sendMany(clientPod, LOCAL6_EXTERNAL_IP, 80, Protocol.TCP, REQUESTS);

        assertThat(outside).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(outside)).containsExactly("a1");
        assertThat(Probe.pods(inside)).as("pod traffic to an external address short-circuits to every endpoint")
                .containsExactlyInAnyOrder("a1", "b1");
    }

    @Test
    void clusterIpFromTheNodeItselfIsServed() {
        assertThat(Probe.send(cluster.node(), "198.18.0.10", 80, Protocol.TCP).outcome()).isEqualTo(Outcome.ANSWERED);
    }

    @Test
    void loadBalancerWithLocalPolicyUsesOnlyLocalEndpoints() {
        List<Reply> replies = Probe.sendMany(cluster.external(), "198.19.1.11", 80, Protocol.TCP, REQUESTS);

        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(replies)).containsExactly("a1");
        assertThat(replies).allMatch(
                r -> r.peer().equals(keepsClientAddresses() ? ClusterSandbox.EXTERNAL_CLIENT_IP : POD_GATEWAY));
    }

    @Test
    void healthCheckNodePortTellsLoadBalancersThisNodeHasALocalEndpoint() {
        String response = cluster.external().exec("curl", "-s", "--max-time", "2", "-i",
                "http://" + ClusterSandbox.NODE_IP + ":30091/").stdout();

        assertThat(response).startsWith("HTTP/1.1 200").contains("X-Load-Balancing-Endpoint-Weight: 1")
                .contains("\"localEndpoints\": 1").contains("\"name\": \"local\"");
    }

    @Test
    void serviceWithoutEndpointsIsRefusedAtOnce() {
        Reply reply = Probe.send(clientPod, "198.18.0.12", 80, Protocol.TCP);

        assertThat(reply.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(reply.took()).isLessThan(Probe.TIMEOUT);
    }

    @Test
    void externalTrafficToALocalPolicyServiceWithOnlyRemoteEndpointsIsDropped() {
        assertThat(Probe.send(cluster.external(), ClusterSandbox.NODE_IP, 30083, Protocol.TCP).outcome())
                .isEqualTo(Outcome.NO_ANSWER);
        assertThat(Probe.send(cluster.external(), "198.19.1.13", 80, Protocol.TCP).outcome())
                .as("its externalIP too").isEqualTo(Outcome.NO_ANSWER);
        assertThat(Probe.send(clientPod, "198.19.1.13", 80, Protocol.TCP).pod())
                .as("a pod reaching the externalIP is served as cluster traffic").isEqualTo("b1");
        assertThat(Probe.send(clientPod, "198.18.0.13", 80, Protocol.TCP).pod())
                .as("in-cluster traffic still reaches the remote endpoint").isEqualTo("b1");
    }

    @Test
    void internalLocalPolicyWithoutLocalEndpointsDropsClusterIpTraffic() {
        assertThat(Probe.send(clientPod, "198.18.0.19", 80, Protocol.TCP).outcome())
                .as("ns1/inner's only endpoint is on node-b").isEqualTo(Outcome.NO_ANSWER);
    }

    @Test
    void clientIpAffinityKeepsAClientOnOnePod() {
        assertThat(Probe.pods(Probe.sendMany(clientPod, "198.18.0.14", 80, Protocol.TCP, REQUESTS))).hasSize(1);
    }

    @Test
    void loadBalancerSourceRangesAdmitOnlyListedClients() {
        Reply listed = Probe.send(cluster.external(), "198.19.1.15", 80, Protocol.TCP,
                Optional.of(ClusterSandbox.EXTERNAL_CLIENT_IP));
        Reply unlisted = Probe.send(cluster.external(), "198.19.1.15", 80, Protocol.TCP,
                Optional.of(ClusterSandbox.OTHER_EXTERNAL_CLIENT_IP));

        assertThat(listed.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(unlisted.outcome()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(Probe.send(cluster.external(), ClusterSandbox.NODE_IP, 30085, Protocol.TCP,
                Optional.of(ClusterSandbox.OTHER_EXTERNAL_CLIENT_IP)).outcome())
                .as("NodePorts ignore loadBalancerSourceRanges, as in kube-proxy").isEqualTo(Outcome.ANSWERED);
    }

    @Test
    void udpServiceIsBalanced() {
        List<Reply> replies = Probe.sendMany(clientPod, "198.18.0.16", 53, Protocol.UDP, REQUESTS);

        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(replies)).containsExactlyInAnyOrder("a1", "a2");
    }

    @Test
    void udpNodePortOfALocalPolicyServiceServesPodsFromEveryEndpointAndOutsidersFromLocalOnes() {
        // Fewer than REQUESTS: each UDP probe waits half a second for late replies; 16 miss b1 with p < 0.0001.
        List<Reply> fromPod = Probe.sendMany(clientPod, ClusterSandbox.NODE_IP, 30086, Protocol.UDP, 16);
        List<Reply> fromOutside = Probe.sendMany(cluster.external(), ClusterSandbox.NODE_IP, 30086, Protocol.UDP, 16);

        assertThat(fromPod).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(fromPod)).as("pods get the Cluster endpoints, as kube-proxy's KUBE-EXT chain sends them")
                .containsExactlyInAnyOrder("a1", "b1");
        assertThat(fromOutside).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(fromOutside)).containsExactly("a1");
    }

    @Test
    void udpToTheExternalIpOfALocalPolicyServiceServesPodsFromEveryEndpointAndOutsidersFromLocalOnes() {
        List<Reply> fromPod = Probe.sendMany(clientPod, "198.19.1.18", 53, Protocol.UDP, 16);
        List<Reply> fromOutside = Probe.sendMany(cluster.external(), "198.19.1.18", 53, Protocol.UDP, 16);

        assertThat(fromPod).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(fromPod)).containsExactlyInAnyOrder("a1", "b1");
        assertThat(fromOutside).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(fromOutside)).as("the external policy, read from conntrack for a redirected datagram")
                .containsExactly("a1");
    }

    @Test
    void trafficKeepsFlowingWhileEndpointsChurnThenAServiceScaledToZeroIsRefused() {
        List<List<String>> steps = List.of(List.of(A1, A2), List.of(A2, B1), List.of(B1), List.of(A1, B1),
                List.of(A2), List.of(A1, A2, B1));
        List<Reply> failures = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<String> endpoints : steps) {
            demo.setChurnEndpoints(endpoints);
            Set<String> expected = new HashSet<>(endpoints.stream().map(DataPlaneBehaviour::podName).toList());
            // Keep sending while the agent picks the change up; every request must be answered.
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Reply reply = Probe.send(clientPod, "198.18.0.17", 80, Protocol.TCP);
                if (reply.outcome() != Outcome.ANSWERED) {
                    failures.add(reply);
                }
                seen.add(reply.pod());
                // A fast agent applies a step before the single request above: count the batch as seen too.
                Set<String> answered = Probe.pods(Probe.sendMany(clientPod, "198.18.0.17", 80, Protocol.TCP, 12));
                seen.addAll(answered);
                return answered.equals(expected);
            });
        }
        assertThat(failures).as("failed requests during churn").isEmpty();
        assertThat(seen).contains("a1", "a2", "b1");

        demo.setChurnEndpoints(List.of());
        await().atMost(Duration.ofSeconds(20)).until(
                () -> Probe.send(clientPod, "198.18.0.17", 80, Protocol.TCP).outcome() == Outcome.REFUSED);
    }

    @Test
    void theAgentAnswersClusterDnsFromTheSameState() {
        assertThat(demo.dig("web.ns1.svc.cluster.local", "A")).isEqualTo("198.18.0.10");
        assertThat(demo.dig("WEB.NS1.svc.cluster.local", "A")).as("names are case-insensitive").isEqualTo("198.18.0.10");
        assertThat(demo.dig("_p._udp.dns.ns1.svc.cluster.local", "SRV")).isEqualTo("0 100 53 dns.ns1.svc.cluster.local.");
        assertThat(demo.dig("missing.ns1.svc.cluster.local", "A")).isEmpty();
    }

    @Test
    void theRunningAgentReportsHealthAndKubeProxyMetrics() {
        assertThat(agent.fetchHealth("/healthz")).contains("\"healthy\":true").contains("\"nodeEligible\":true")
                .endsWith("200");
        assertThat(agent.fetchHealth("/livez")).contains("\"healthy\":true").endsWith("200");
        assertThat(agent.scrapeMetrics()).contains(
                "kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family=\"IPv4\"",
                "kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family=\"IPv4\"}",
                "kubeproxy_network_programming_duration_seconds_count{ip_family=\"IPv4\"}",
                "kubeproxy_sync_proxy_rules_service_changes_total",
                "kubeproxy_sync_proxy_rules_endpoint_changes_total",
                modeMetric(),
                "kubeproxy_sync_proxy_rules_no_local_endpoints_total{ip_family=\"IPv4\",traffic_policy=\"external\"} 1.0",
                "jvm_memory_used_bytes");
    }

    private static String podName(String ip) {
        return switch (ip) {
            case A1 -> "a1";
            case A2 -> "a2";
            case B1 -> "b1";
            default -> throw new IllegalArgumentException(ip);
        };
    }
}
