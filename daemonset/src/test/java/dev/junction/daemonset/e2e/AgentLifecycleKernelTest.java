package dev.junction.daemonset.e2e;

import static dev.junction.daemonset.demo.DemoManifests.A1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.net.Protocol;
import dev.junction.core.config.ProxyMode;
import dev.junction.core.sandbox.NetnsSandbox;
import dev.junction.daemonset.demo.DemoCluster;
import dev.junction.daemonset.demo.Probe;
import dev.junction.daemonset.demo.Probe.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction run} as an operator sees it across its life: start, serve, SIGTERM, and traffic afterwards. */
class AgentLifecycleKernelTest {

    @Test
    void sigtermStopsTheAgentCleanlyAndLeavesTheRulesServingTraffic(@TempDir Path dir) {
        String reason = NetnsSandbox.unsupportedReason("iptables-nft-restore", "socat", "curl", "ss", "dig");
        assumeTrue(reason == null, reason);
        try (DemoCluster cluster = DemoCluster.start(dir, List.of(A1), ProxyMode.IPTABLES)) {
            assertThat(cluster.agent().fetchHealth("/livez")).endsWith("200");

            int exitCode = cluster.agent().stop(Duration.ofSeconds(30));

            assertThat(exitCode).as("the JVM's exit status after SIGTERM").isEqualTo(143);
            assertThat(cluster.agent().logText()).contains("shutting down").contains("stopped");
            assertThat(cluster.agent().fetchHealth("/livez")).as("the servers are closed").doesNotEndWith("200");
            assertThat(Probe.send(cluster.clientPod(), "198.18.0.10", 80, Protocol.TCP).outcome())
                    .as("rules stay in place after the agent stops, as kube-proxy's do")
                    .isEqualTo(Outcome.ANSWERED);
        }
    }
}
