package dev.junction.core.sync;

import static dev.junction.core.backend.SyncScope.FULL;
import static dev.junction.core.backend.SyncScope.PARTIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.metrics.ProxyMeters;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.testing.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SyncLoopTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** No minimum period and no periodic sync during a test; failed syncs retry after 10 ms. */
    private static final SyncTiming FAST = new SyncTiming(Duration.ZERO, Duration.ofHours(1), Duration.ofMillis(10), Duration.ofHours(1));
    private static final Duration QUIET = Duration.ofMillis(200);

    private final ManualClock clock = new ManualClock(T0);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ProxyHealth health = new ProxyHealth(clock, FAST.healthTimeout());
    private final FakeSnapshotSource source = new FakeSnapshotSource();
    private RecordingBackend backend = new RecordingBackend(Set.of(IpFamily.IPV4));
    private SyncLoop loop;

    @AfterEach
    void stopLoop() {
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void appliesNothingBeforeTheSourceHasSynced() {
        start();
        source.change(List.of(), T0);
        await().during(QUIET).atMost(QUIET.multipliedBy(5)).until(() -> backend.requests().isEmpty());

        source.markSynced();

        SyncRequest first = awaitSyncs(1).getFirst();
        assertThat(first.scope()).isEqualTo(FULL);
        assertThat(first.lastApplied()).isEmpty();
        assertThat(first.current().generation()).isEqualTo(1);
    }

    @Test
    void syncsPartiallyAgainstTheLastAppliedSnapshotAfterAFullFirstSync() {
        startSynced();
        ClusterSnapshot first = awaitFirstSync();

        source.change(List.of(), T0);

        SyncRequest second = awaitSyncs(2).get(1);
        assertThat(second.scope()).isEqualTo(PARTIAL);
        assertThat(second.lastApplied()).contains(first);
        await().untilAsserted(() -> assertThat(loop.lastApplied()).contains(second.current()));
    }

    record FailureCase(String name, Exception failure) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FailureCase> failures() {
        return Stream.of(
                new FailureCase("a gateway failure", new SyncFailedException("iptables-restore exited 1")),
                new FailureCase("a backend bug", new IllegalStateException("chain KUBE-SVC-X written twice")));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void retriesAFailedSyncFullyAgainstTheSnapshotAppliedBefore(FailureCase c) {
        startSynced();
        ClusterSnapshot applied = awaitFirstSync();
        backend.failNext(c.failure());

        source.change(List.of(), T0);

        List<SyncRequest> syncs = awaitSyncs(3);
        assertThat(syncs.get(1).scope()).isEqualTo(PARTIAL);
        assertThat(syncs.get(2).scope()).isEqualTo(FULL);
        assertThat(syncs.get(2).lastApplied()).contains(applied);
        assertThat(registry.get("junction.sync.failures").tag("ip_family", "IPv4").counter().count()).isEqualTo(1);
    }

    @Test
    void syncsFullyAfterATopologyChange() {
        startSynced();
        awaitFirstSync();

        source.changeTopology();

        assertThat(awaitSyncs(2).get(1).scope()).isEqualTo(FULL);
    }

    @Test
    void syncsFullyOnRequest() {
        startSynced();
        awaitFirstSync();

        loop.requestFullSync();

        assertThat(awaitSyncs(2).get(1).scope()).isEqualTo(FULL);
    }

    @Test
    void coalescesRequestsMadeWhileASyncIsInFlight() {
        startSynced();
        awaitFirstSync();
        backend.hold();
        source.change(List.of(), T0);
        awaitSyncs(2);

        for (int i = 0; i < 5; i++) {
            source.change(List.of(), T0);
        }
        backend.release();

        awaitSyncs(3);
        await().during(QUIET).atMost(QUIET.multipliedBy(5)).until(() -> backend.requests().size() == 3);
        assertThat(backend.last().current().generation()).isEqualTo(6);
    }

    @Test
    void recordsNetworkProgrammingLatencyOnceTheChangeIsApplied() {
        startSynced();
        awaitFirstSync();
        backend.failNext(new SyncFailedException("iptables-restore exited 1"));

        source.change(List.of(), T0.minusSeconds(5));

        awaitSyncs(3);
        Timer latency = registry.get("kubeproxy.network.programming.duration").tag("ip_family", "IPv4").timer();
        await().untilAsserted(() -> assertThat(latency.count()).isEqualTo(1));
        assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(5);
    }

    @Test
    void reportsEachSyncUnderEveryFamilyOfTheBackend() {
        backend = new RecordingBackend(Set.of(IpFamily.IPV4, IpFamily.IPV6));
        startSynced();
        awaitFirstSync();

        for (String family : List.of("IPv4", "IPv6")) {
            await().untilAsserted(() -> assertThat(registry.get("kubeproxy.sync.proxy.rules.duration")
                    .tag("ip_family", family).timer().count()).isEqualTo(1));
            assertThat(registry.get("kubeproxy.sync.full.proxy.rules.duration").tag("ip_family", family).timer()
                    .count()).isEqualTo(1);
            assertThat(registry.get("kubeproxy.sync.partial.proxy.rules.duration").tag("ip_family", family).timer()
                    .count()).isZero();
            assertThat(registry.get("kubeproxy.sync.proxy.rules.last.timestamp.seconds").tag("ip_family", family)
                    .gauge().value()).isEqualTo(T0.getEpochSecond());
            assertThat(registry.get(ProxyMeters.NO_LOCAL_ENDPOINTS.meterName()).tag("ip_family", family).gauges())
                    .hasSize(2);
        }
    }

    @Test
    void recordsWhenASyncWasLastQueued() {
        startSynced();
        awaitFirstSync();
        clock.advance(Duration.ofSeconds(42));

        loop.requestSync();

        assertThat(registry.get("kubeproxy.sync.proxy.rules.last.queued.timestamp.seconds")
                .tag("ip_family", "IPv4").gauge().value()).isEqualTo(T0.getEpochSecond() + 42);
    }

    @Test
    void turnsUnhealthyWhileAQueuedUpdateWaitsLongerThanTheHealthTimeout() {
        startSynced();
        awaitFirstSync();
        backend.hold();
        source.change(List.of(), T0);
        awaitSyncs(2);

        clock.advance(FAST.healthTimeout());
        assertThat(health.isHealthy()).isFalse();

        backend.release();
        await().until(health::isHealthy);
    }

    @Test
    void stopLetsTheSyncInFlightFinishAndLeavesTheBackendOpen() throws InterruptedException {
        startSynced();
        awaitFirstSync();
        backend.hold();
        source.change(List.of(), T0);
        awaitSyncs(2);

        Thread stopper = Thread.ofPlatform().start(loop::stop);
        await().during(QUIET).atMost(QUIET.multipliedBy(5)).until(stopper::isAlive);
        backend.release();
        stopper.join(Duration.ofSeconds(10));

        assertThat(stopper.isAlive()).isFalse();
        assertThat(loop.lastApplied()).contains(backend.last().current());
        assertThat(backend.isClosed()).isFalse();
        loop.stop();
        loop.requestSync();
        assertThat(backend.requests()).hasSize(2);
    }

    @Test
    void runsSyncsOnItsOwnThread() {
        startSynced();
        awaitFirstSync();

        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains(SyncLoop.THREAD_NAME);
        assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mode=recording");
    }

    private void start() {
        loop = new SyncLoop(source, backend, FAST, health, registry, clock, Ticker.SYSTEM);
        loop.start();
    }

    /** Synced before the loop subscribes, so that exactly one sync follows the start. */
    private void startSynced() {
        source.markSynced();
        start();
    }

    /** Waits until the first sync, started by {@link #startSynced()}, has been applied and accounted for. */
    private ClusterSnapshot awaitFirstSync() {
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.lastApplied().isPresent());
        return loop.lastApplied().orElseThrow();
    }

    private List<SyncRequest> awaitSyncs(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.requests().size() >= count);
        return backend.requests();
    }
}
