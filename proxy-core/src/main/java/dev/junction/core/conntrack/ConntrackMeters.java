package dev.junction.core.conntrack;

import dev.junction.core.metrics.ProxyMeters;
import dev.junction.core.net.IpFamily;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The meters of conntrack cleanup, named so that Micrometer's Prometheus convention renders kube-proxy's
 * ({@code kubeproxy_conntrack_reconciler_sync_duration_seconds}, {@code
 * kubeproxy_conntrack_reconciler_deleted_entries_total}). The only tag is the IP family.
 */
public enum ConntrackMeters {
    SYNC_DURATION("kubeproxy.conntrack.reconciler.sync.duration", "ReconcileConntrackFlowsLatency latency"),
    DELETED_ENTRIES("kubeproxy.conntrack.reconciler.deleted.entries",
            "Cumulative conntrack flows deleted by conntrack reconciler"),
    FAILURES("junction.conntrack.reconciler.failures",
            "conntrack cleanups that failed (the sync itself still succeeded)");

    /** The one tag key of every meter here. */
    public static final String IP_FAMILY = "ip_family";

    private final String meterName;
    private final String description;

    ConntrackMeters(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }

    /** The meters of one family, held by the cleanup so that recording is a field read. */
    record FamilyMeters(Timer syncDuration, Counter deletedEntries, Counter failures) {
    }

    /** Registers every meter for both families, so that each is scraped (at zero) before its first cleanup. */
    static Map<IpFamily, FamilyMeters> bindTo(MeterRegistry registry) {
        Map<IpFamily, FamilyMeters> meters = new EnumMap<>(IpFamily.class);
        for (IpFamily family : IpFamily.values()) {
            meters.put(family, new FamilyMeters(
                    SYNC_DURATION.timer(registry, family, ProxyMeters.SYNC_BUCKETS),
                    DELETED_ENTRIES.counter(registry, family),
                    FAILURES.counter(registry, family)));
        }
        return Map.copyOf(meters);
    }

    private Counter counter(MeterRegistry registry, IpFamily family) {
        return Counter.builder(meterName).description(description).tag(IP_FAMILY, family.kubernetesName())
                .register(registry);
    }

    private Timer timer(MeterRegistry registry, IpFamily family, List<Duration> buckets) {
        return Timer.builder(meterName).description(description).tag(IP_FAMILY, family.kubernetesName())
                .serviceLevelObjectives(buckets.toArray(Duration[]::new))
                .register(registry);
    }
}
