package dev.junction.daemonset.e2e;

import static dev.junction.daemonset.demo.DemoManifests.A1;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Service behaviour every data plane shares, end to end: {@code junction run --source} as its own process in a
 * node namespace with the subclass's {@link #agentFlags()}, real packets from a pod, the node and an external client,
 * answered by socat echo servers in pod namespaces that report their name and the client address they saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServiceBehaviourKernelTest {

    static final int REQUESTS = 30;

    DemoCluster demo;
    ClusterSandbox cluster;
    AgentProcess agent;
    Netns clientPod;
    Path workDir;

    /** The {@code junction run} flags that pick the data plane under test. */
    abstract List<String> agentFlags();

    @BeforeAll
    void startClusterAndAgent(@TempDir Path dir) {
        String reason = NetnsSandbox.unsupportedReason("iptables-nft-restore", "socat", "curl", "ss", "dig");
        assumeTrue(reason == null, reason);
        workDir = dir;
        demo = DemoCluster.start(dir, List.of(A1), agentFlags());
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
    void clusterIpFromAPodReachesEveryReadyEndpoint() {
        List<Reply> replies = Probe.sendMany(clientPod, "198.18.0.10", 80, Protocol.TCP, REQUESTS);

        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(replies)).containsExactlyInAnyOrder("a1", "a2", "b1");
    }

    @Test
    void clusterIpFromTheNodeItselfIsServed() {
        assertThat(Probe.send(cluster.node(), "198.18.0.10", 80, Protocol.TCP).outcome()).isEqualTo(Outcome.ANSWERED);
    }

    @Test
    void nodePortFromOutsideIsServedAndTheEndpointSeesTheNode() {
        List<Reply> replies =
                Probe.sendMany(cluster.external(), ClusterSandbox.NODE_IP, 30080, Protocol.TCP, REQUESTS);

        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(replies)).containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(replies).allMatch(r -> r.peer().equals(ClusterSandbox.POD_GATEWAY),
                "external traffic to a Cluster-policy NodePort comes from the node");
    }

    @Test
    void loadBalancerWithLocalPolicyUsesOnlyLocalEndpointsForOutsideClients() {
        List<Reply> replies = Probe.sendMany(cluster.external(), "198.19.1.11", 80, Protocol.TCP, REQUESTS);

        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "all answered");
        assertThat(Probe.pods(replies)).containsExactly("a1");
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
}
