package dev.junction.core.sync;

import dev.junction.core.backend.SyncScope;
import dev.junction.core.metrics.ProxyMeters;
import dev.junction.core.net.IpFamily;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sync loop's kube-proxy meters, one set per IP family of the backend: each sync is reported under every family
 * it programs, as kube-proxy's per-family proxiers each report their own.
 */
final class SyncMetrics {

    private final Map<IpFamily, FamilyMeters> byFamily = new EnumMap<>(IpFamily.class);

    SyncMetrics(MeterRegistry registry, Set<IpFamily> families) {
        families.forEach(family -> byFamily.put(family, new FamilyMeters(registry, family.kubernetesName())));
    }

    /** A sync was requested at {@code now}. */
    void queued(Instant now) {
        byFamily.values().forEach(meters -> meters.lastQueuedMillis.set(now.toEpochMilli()));
    }

    /** A sync applied {@code scope} at {@code now}; the changes made at {@code triggerTimes} are now in the rules. */
    void synced(SyncScope scope, Duration took, Instant now, Collection<Instant> triggerTimes) {
        for (FamilyMeters meters : byFamily.values()) {
            meters.recordDuration(scope, took);
            meters.lastSyncedMillis.set(now.toEpochMilli());
            for (Instant trigger : triggerTimes) {
                Duration latency = Duration.between(trigger, now);
                if (!latency.isNegative()) {
                    meters.networkProgramming.record(latency);
                }
            }
        }
    }

    /** A sync of {@code scope} failed after {@code took}. */
    void failed(SyncScope scope, Duration took) {
        for (FamilyMeters meters : byFamily.values()) {
            meters.recordDuration(scope, took);
            meters.failures.increment();
        }
    }

    /** The meters of one family; also the strong references to what its gauges read. */
    private static final class FamilyMeters {
        private final Timer duration;
        private final Timer fullDuration;
        private final Timer partialDuration;
        private final Timer networkProgramming;
        private final Counter failures;
        private final AtomicLong lastSyncedMillis = new AtomicLong();
        private final AtomicLong lastQueuedMillis = new AtomicLong();

        FamilyMeters(MeterRegistry registry, String family) {
            duration = ProxyMeters.SYNC_PROXY_RULES_DURATION.timer(registry, ProxyMeters.SYNC_BUCKETS, family);
            fullDuration = ProxyMeters.SYNC_FULL_PROXY_RULES_DURATION.timer(registry, ProxyMeters.SYNC_BUCKETS, family);
            partialDuration = ProxyMeters.SYNC_PARTIAL_PROXY_RULES_DURATION.timer(
                    registry, ProxyMeters.SYNC_BUCKETS, family);
            networkProgramming = ProxyMeters.NETWORK_PROGRAMMING_DURATION.timer(
                    registry, ProxyMeters.NETWORK_PROGRAMMING_BUCKETS, family);
            failures = ProxyMeters.SYNC_FAILURES.counter(registry, family);
            ProxyMeters.SYNC_PROXY_RULES_LAST_TIMESTAMP.gauge(registry, lastSyncedMillis, SyncMetrics::seconds, family);
            ProxyMeters.SYNC_PROXY_RULES_LAST_QUEUED_TIMESTAMP.gauge(
                    registry, lastQueuedMillis, SyncMetrics::seconds, family);
        }

        void recordDuration(SyncScope scope, Duration took) {
            duration.record(took);
            (scope == SyncScope.FULL ? fullDuration : partialDuration).record(took);
        }
    }

    private static double seconds(AtomicLong epochMillis) {
        return epochMillis.get() / 1000.0;
    }
}
