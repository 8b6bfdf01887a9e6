package dev.junction.daemonset.e2e;

import static dev.junction.daemonset.demo.DemoManifests.A1;
import static dev.junction.daemonset.demo.DemoManifests.A2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.net.Protocol;
import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import dev.junction.daemonset.demo.DemoCluster;
import dev.junction.daemonset.demo.Probe;
import dev.junction.daemonset.demo.Probe.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --userspace-*} flags reach the data plane: the agent started as a process with least-connections
 * balancing, a connection limit and a short idle timeout, and clients in a pod namespace that hold connections open
 * (the demo's echo servers answer only after a request line, so a silent connection stays established).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserspaceTuningKernelTest {

    private static final String CHURN_IP = "198.18.0.17";
    private static final int MAX_CONNECTIONS = 2;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(6);
    private static final Pattern REFUSED =
            Pattern.compile("(?m)^junction_userspace_refused_total\\{protocol=\"tcp\",reason=\"limit\"} (\\S+)$");

    private DemoCluster demo;
    private Netns clientPod;
    private Path workDir;
    private final List<Process> held = new ArrayList<>();

    @BeforeAll
    void startClusterAndAgent(@TempDir Path dir) {
        String reason = NetnsSandbox.unsupportedReason("iptables-nft-restore", "socat", "ss");
        assumeTrue(reason == null, reason);
        workDir = dir;
        demo = DemoCluster.start(dir, List.of(A1, A2), ProxyMode.USERSPACE, List.of(
                "--userspace-balance", "least-connections",
                "--userspace-max-connections", Integer.toString(MAX_CONNECTIONS),
                "--userspace-idle-timeout", IDLE_TIMEOUT.toSeconds() + "s"));
        clientPod = demo.clientPod();
    }

    @AfterEach
    void closeHeldConnections() {
        held.forEach(Process::destroy);
        held.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> connectionsTo(A1) + connectionsTo(A2) == 0);
    }

    @AfterAll
    void stopEverything() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void theAgentLogsTheChosenSettings() {
        assertThat(demo.agent().logText()).contains("balance=least-connections").contains("maxConnections=2")
                .contains("idleTimeout=6s");
    }

    @Test
    void leastConnectionsSendsNewConnectionsAwayFromTheEndpointHoldingOne() {
        hold(1);
        String busy = connectionsTo(A1) == 1 ? A1 : A2;
        String other = busy.equals(A1) ? "a2" : "a1";

        // Round-robin would send two of these four to the busy endpoint.
        assertThat(Probe.sendMany(clientPod, CHURN_IP, 80, Protocol.TCP, 4))
                .allMatch(reply -> reply.outcome() == Outcome.ANSWERED && reply.pod().equals(other));
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceAndCounted() {
        double refusedBefore = refusedTotal();
        hold(MAX_CONNECTIONS);

        assertThat(Probe.send(clientPod, CHURN_IP, 80, Protocol.TCP).outcome()).isEqualTo(Outcome.CLOSED);
        assertThat(refusedTotal()).isGreaterThan(refusedBefore);

        held.removeFirst().destroy();
        await().atMost(Duration.ofSeconds(5)).until(() -> connectionsTo(A1) + connectionsTo(A2) < MAX_CONNECTIONS);
        assertThat(Probe.send(clientPod, CHURN_IP, 80, Protocol.TCP).outcome()).isEqualTo(Outcome.ANSWERED);
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws InterruptedException {
        hold(1);
        long start = System.nanoTime();

        Process client = held.getFirst();
        assertThat(client.waitFor(IDLE_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS))
                .as("the proxy closed the client's connection").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(IDLE_TIMEOUT.minusSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> connectionsTo(A1) + connectionsTo(A2) == 0);
    }

    /** Opens {@code count} silent connections to the churn Service and waits until each reached an endpoint. */
    private void hold(int count) {
        for (int i = 0; i < count; i++) {
            int expected = held.size() + 1;
            // socat's own inactivity timeout is far beyond the proxy's, so only the proxy ends these.
            held.add(clientPod.start(List.of("socat", "-T", "120", "-", "TCP:" + CHURN_IP + ":80"),
                    workDir.resolve("held-" + expected + ".log")));
            await().atMost(Duration.ofSeconds(10)).until(() -> connectionsTo(A1) + connectionsTo(A2) == expected);
        }
    }

    /** Established TCP connections from the node (where the proxy runs) to {@code pod}. */
    private long connectionsTo(String pod) {
        return demo.sandbox().node().exec("ss", "-Htn", "state", "established", "dst", pod).stdout().lines().count();
    }

    private double refusedTotal() {
        Matcher matcher = REFUSED.matcher(demo.agent().scrapeMetrics());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
