package dev.junction.daemonset.e2e;

import static dev.junction.daemonset.demo.DemoManifests.A1;
import static dev.junction.daemonset.demo.DemoManifests.A2;
import static dev.junction.daemonset.demo.DemoManifests.B1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.net.Protocol;
import dev.junction.core.sandbox.NetnsSandbox;
import dev.junction.daemonset.demo.AgentProcess;
import dev.junction.daemonset.demo.DemoCluster;
import dev.junction.daemonset.demo.Probe;
import dev.junction.daemonset.demo.Probe.Outcome;
import dev.junction.daemonset.demo.Probe.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator switches a node's proxy mode: each new agent removes the rules the previous mode left (kube-proxy's
 * {@code platformCleanup}), so a Service whose endpoints changed meanwhile is served only by its new endpoints. Stale
 * rules would win: the old mode's DNAT or REDIRECT hooks in at the same priority and a connection keeps the first NAT
 * it gets.
 */
class ModeSwitchKernelTest {

    private static final String CHURN_IP = "198.18.0.17";

    @Test
    void eachModeRemovesTheRulesOfTheModeBefore(@TempDir Path dir) {
        String reason = NetnsSandbox.unsupportedReason("iptables-nft-restore", "nft", "socat", "curl", "ss", "dig");
        assumeTrue(reason == null, reason);
        try (DemoCluster demo = DemoCluster.start(dir, List.of(A1), ProxyMode.IPTABLES)) {
            assertThat(churnServedBy(demo)).containsExactly("a1");

            switchTo(demo, ProxyMode.NFTABLES, A2);
            assertThat(churnServedBy(demo)).containsExactly("a2");
            assertThat(nodeIptables(demo, "nat")).doesNotContain("KUBE-SERVICES", "KUBE-SVC-", "KUBE-SEP-");
            assertThat(nodeIptables(demo, "filter")).doesNotContain("KUBE-SERVICES", "KUBE-FORWARD");

            switchTo(demo, ProxyMode.USERSPACE, B1);
            assertThat(churnServedBy(demo)).containsExactly("b1");
            assertThat(demo.sandbox().node().exec("nft", "list", "tables").stdout()).doesNotContain("kube-proxy");

            switchTo(demo, ProxyMode.IPTABLES, A1);
            assertThat(churnServedBy(demo)).containsExactly("a1");
            assertThat(nodeIptables(demo, "nat")).doesNotContain("KUBE-USERSPACE");
            assertThat(nodeIptables(demo, "filter")).doesNotContain("KUBE-USERSPACE");

            // Taking Junction off the node: stop it, then `junction run --cleanup` removes every mode's rules.
            demo.agent().close();
            AgentProcess cleanup = AgentProcess.start(demo.sandbox().node(), List.of("--cleanup"),
                    dir.resolve("cleanup.log"));
            assertThat(cleanup.awaitExit(Duration.ofSeconds(60))).as(cleanup.logText()).isZero();
            assertThat(nodeIptables(demo, "nat")).doesNotContain("KUBE-SERVICES", "KUBE-SVC-", "KUBE-POSTROUTING");
            assertThat(nodeIptables(demo, "filter")).doesNotContain("KUBE-SERVICES", "KUBE-FORWARD");
            assertThat(Probe.send(demo.clientPod(), CHURN_IP, 80, Protocol.TCP).outcome())
                    .as("nothing serves the ClusterIP any more").isNotEqualTo(Outcome.ANSWERED);
        }
    }

    private static void switchTo(DemoCluster demo, ProxyMode mode, String churnEndpoint) {
        demo.setChurnEndpoints(List.of(churnEndpoint));
        demo.restartAgent(mode);
    }

    /** The pods that answered ten new connections to ns1/churn from the client pod; each must answer. */
    private static List<String> churnServedBy(DemoCluster demo) {
        List<Reply> replies = Probe.sendMany(demo.clientPod(), CHURN_IP, 80, Protocol.TCP, 10);
        assertThat(replies).allMatch(r -> r.outcome() == Outcome.ANSWERED, "every connection answered");
        return Probe.pods(replies).stream().sorted().toList();
    }

    private static String nodeIptables(DemoCluster demo, String table) {
        return demo.sandbox().node().exec("iptables-nft-save", "-t", table).stdout();
    }
}
