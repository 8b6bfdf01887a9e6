package dev.junction.daemonset.e2e;

import static dev.junction.daemonset.demo.DemoManifests.A1;
import static dev.junction.daemonset.demo.DemoManifests.A2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.net.Protocol;
import dev.junction.daemonset.demo.Probe;
import dev.junction.daemonset.demo.Probe.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --proxy-mode userspace} end to end: the kernel modes' behaviour table through REDIRECT rules and the agent's
 * listeners (endpoints see the node as the client; a Local-policy port without local endpoints closes external
 * connections unanswered instead of dropping them), plus what only a proxy does: the original destination tells
 * external from cluster traffic, and an established connection keeps its endpoint when the endpoints change.
 */
class UserspaceDataPlaneKernelTest extends DataPlaneBehaviour {

    private static final String CHURN_IP = "198.18.0.17";

    @Override
    ProxyMode mode() {
        return ProxyMode.USERSPACE;
    }

    @Override
    String kernelTool() {
        return "iptables-nft-restore";
    }

    @Override
    String modeMetric() {
        return "junction_userspace_listen_errors_total{protocol=\"tcp\"} 0.0";
    }

    @Override
    boolean keepsClientAddresses() {
        return false;
    }

    @Test
    void podTrafficToALocalPolicyLoadBalancerIpUsesEveryEndpoint() {
        assertThat(Probe.pods(Probe.sendMany(clientPod, "198.19.1.11", 80, Protocol.TCP, REQUESTS)))
                .as("recognised as pod traffic to an external frontend by its original destination")
                .containsExactlyInAnyOrder("a1", "b1");
    }

    @Test
    void anEstablishedConnectionKeepsItsEndpointAcrossAChangeThenAServiceScaledToZeroIsRefused() throws IOException {
        demo.setChurnEndpoints(List.of(A1)); // the shared churn test may have scaled it to zero
        await().atMost(Duration.ofSeconds(20)).until(
                () -> Probe.pods(Probe.sendMany(clientPod, CHURN_IP, 80, Protocol.TCP, 1)).equals(Set.of("a1")));
        Path heard = workDir.resolve("held-connection.log");
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
    void theRunningAgentReportsTheProxysMeters() {
        Probe.sendMany(clientPod, "198.18.0.10", 80, Protocol.TCP, 3);

        assertThat(agent.scrapeMetrics()).contains(
                "junction_userspace_connections_active{protocol=\"tcp\"}",
                "junction_userspace_connections_total{protocol=\"tcp\"}",
                "junction_userspace_bytes_total{direction=\"downstream\",protocol=\"tcp\"}",
                "junction_userspace_connect_errors_total{protocol=\"tcp\"}",
                "junction_userspace_endpoint_ejections_total{protocol=\"tcp\"}",
                "junction_userspace_listen_errors_total{protocol=\"tcp\"} 0.0");
    }

    /** Established TCP connections from the node to {@code pod}. */
    private long connectionsTo(String pod) {
        return cluster.node().exec("ss", "-Htn", "state", "established", "dst", pod).stdout().lines().count();
    }
}
