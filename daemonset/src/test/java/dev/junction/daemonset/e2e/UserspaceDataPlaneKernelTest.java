package dev.junction.daemonset.e2e;

import static dev.junction.daemonset.demo.DemoManifests.A1;
import static dev.junction.daemonset.demo.DemoManifests.A2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.net.Protocol;
import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import dev.junction.daemonset.demo.AgentProcess;
import dev.junction.daemonset.demo.ClusterSandbox;
import dev.junction.daemonset.demo.DemoCluster;
import dev.junction.daemonset.demo.Probe;
import dev.junction.daemonset.demo.Probe.Outcome;
import dev.junction.daemonset.demo.Probe.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction run --proxy-mode userspace} end to end: the agent as its own process in a node namespace, REDIRECT
 * rules steering ClusterIP and load-balancer traffic to its listeners, NodePorts served by listening on the node,
 * socat echo servers in pod namespaces answering with their name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserspaceDataPlaneKernelTest {

    private static final int REQUESTS = 30;
    private static final String CHURN_IP = "198.18.0.17";

    private DemoCluster demo;
    private ClusterSandbox cluster;
    private AgentProcess agent;
    private Netns clientPod;
    private Path dir;

    @BeforeAll
    void startClusterAndAgent(@TempDir Path dir) {
        String reason = NetnsSandbox.unsupportedReason("iptables-nft-restore", "socat", "curl", "ss", "dig");
        assumeTrue(reason == null, reason);
        this.dir = dir;
        demo = DemoCluster.start(dir, List.of(A1), List.of("--proxy-mode", "userspace"));
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

    @Test
    void clusterIpFromAPodIsBalancedAcrossEveryEndpoint() {
        List<Reply> replies = Probe.sendMany(clientPod, "198.18.0.10", 80, Protocol.TCP, REQUESTS);

        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(replies)).containsExactlyInAnyOrder("a1", "a2", "b1");
    }

    @Test
    void clusterIpFromTheNodeItselfIsServed() {
        assertThat(Probe.send(cluster.node(), "198.18.0.10", 80, Protocol.TCP).outcome()).isEqualTo(Outcome.ANSWERED);
    }

    @Test
    void nodePortFromOutsideIsServedByTheListenerOnTheNode() {
        List<Reply> replies =
                Probe.sendMany(cluster.external(), ClusterSandbox.NODE_IP, 30080, Protocol.TCP, REQUESTS);

        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(replies)).containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(replies).allMatch(r -> r.peer().equals(ClusterSandbox.POD_GATEWAY),
                "the proxy connects from the node");
    }

    @Test
    void loadBalancerIpTellsOutsideFromPodTrafficByTheOriginalDestination() {
        assertThat(Probe.pods(Probe.sendMany(cluster.external(), "198.19.1.11", 80, Protocol.TCP, REQUESTS)))
                .as("external traffic keeps to the Local policy's endpoint").containsExactly("a1");
        assertThat(Probe.pods(Probe.sendMany(clientPod, "198.19.1.11", 80, Protocol.TCP, REQUESTS)))
                .as("pod traffic to an external frontend uses every endpoint").containsExactlyInAnyOrder("a1", "b1");
    }

    @Test
    void serviceWithoutEndpointsIsRefusedAtOnce() {
        Reply reply = Probe.send(clientPod, "198.18.0.12", 80, Protocol.TCP);

        assertThat(reply.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(reply.took()).isLessThan(Probe.TIMEOUT);
    }

    @Test
    void clientIpAffinityKeepsAClientOnOnePod() {
        assertThat(Probe.pods(Probe.sendMany(clientPod, "198.18.0.14", 80, Protocol.TCP, REQUESTS))).hasSize(1);
    }

    @Test
    void anEstablishedConnectionKeepsItsEndpointAcrossAChangeThenAServiceScaledToZeroIsRefused() throws IOException {
        Path heard = dir.resolve("held-connection.log");
        Process held = clientPod.start(List.of("socat", "-T", "30", "-", "TCP:" + CHURN_IP + ":80"), heard);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> connectionsTo(A1) == 1);

            demo.setChurnEndpoints(List.of(A2));
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> Probe.pods(Probe.sendMany(clientPod, CHURN_IP, 80, Protocol.TCP, 6)).equals(Set.of("a2")));
            try (OutputStream request = held.getOutputStream()) {
                request.write("still there?\n".getBytes(StandardCharsets.US_ASCII));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(heard).startsWith("a1 "));
        } finally {
            held.destroy();
        }

        demo.setChurnEndpoints(List.of());
        await().atMost(Duration.ofSeconds(20)).until(
                () -> Probe.send(clientPod, CHURN_IP, 80, Protocol.TCP).outcome() == Outcome.REFUSED);
    }

    @Test
    void theRunningAgentReportsHealthAndUserspaceMetrics() {
        Probe.sendMany(clientPod, "198.18.0.10", 80, Protocol.TCP, 3);

        assertThat(agent.fetchHealth("/healthz")).contains("\"healthy\":true").endsWith("200");
        assertThat(agent.scrapeMetrics()).contains(
                "junction_userspace_connections_active{protocol=\"tcp\"}",
                "junction_userspace_connections_total{protocol=\"tcp\"}",
                "junction_userspace_bytes_total{direction=\"downstream\",protocol=\"tcp\"}",
                "junction_userspace_connect_errors_total{protocol=\"tcp\"}",
                "junction_userspace_endpoint_ejections_total{protocol=\"tcp\"}",
                "kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family=\"IPv4\"}");
    }

    /** Established TCP connections from the node to {@code pod}'s echo port. */
    private long connectionsTo(String pod) {
        return cluster.node().exec("ss", "-Htn", "state", "established", "dst", pod).stdout().lines().count();
    }

}
