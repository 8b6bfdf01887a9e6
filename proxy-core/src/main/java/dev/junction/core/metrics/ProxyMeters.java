package dev.junction.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The meters of proxy-core, named so that Micrometer's Prometheus convention renders kube-proxy's names (a timer
 * {@code kubeproxy.sync.proxy.rules.duration} is scraped as {@code kubeproxy_sync_proxy_rules_duration_seconds}).
 * Tags are bounded: IP family, HTTP code, object kind; never a Service name or an address.
 */
public enum ProxyMeters {
    SYNC_PROXY_RULES_DURATION("kubeproxy.sync.proxy.rules.duration", "SyncProxyRules latency", "ip_family"),
    SYNC_FULL_PROXY_RULES_DURATION("kubeproxy.sync.full.proxy.rules.duration", "full SyncProxyRules latency",
            "ip_family"),
    SYNC_PARTIAL_PROXY_RULES_DURATION("kubeproxy.sync.partial.proxy.rules.duration", "partial SyncProxyRules latency",
            "ip_family"),
    SYNC_PROXY_RULES_LAST_TIMESTAMP("kubeproxy.sync.proxy.rules.last.timestamp.seconds",
            "the last time rules were successfully synced (seconds since the epoch)", "ip_family"),
    SYNC_PROXY_RULES_LAST_QUEUED_TIMESTAMP("kubeproxy.sync.proxy.rules.last.queued.timestamp.seconds",
            "the last time a sync was queued (seconds since the epoch)", "ip_family"),
    NETWORK_PROGRAMMING_DURATION("kubeproxy.network.programming.duration",
            "from an object change seen to the rules for it applied", "ip_family"),
    SERVICE_CHANGES("kubeproxy.sync.proxy.rules.service.changes", "Service changes seen"),
    SERVICE_CHANGES_PENDING("kubeproxy.sync.proxy.rules.service.changes.pending", "Service changes not yet synced"),
    ENDPOINT_CHANGES("kubeproxy.sync.proxy.rules.endpoint.changes", "EndpointSlice changes seen"),
    ENDPOINT_CHANGES_PENDING("kubeproxy.sync.proxy.rules.endpoint.changes.pending",
            "EndpointSlice changes not yet synced"),
    /** A gauge that kube-proxy names with {@code _total}; {@link MetricsServer#newRegistry()} keeps the suffix. */
    NO_LOCAL_ENDPOINTS("kubeproxy.sync.proxy.rules.no.local.endpoints.total",
            "Service ports with a Local traffic policy and no local endpoint", "ip_family", "traffic_policy"),
    SYNC_FAILURES("junction.sync.failures", "syncs that failed and will be retried", "ip_family"),
    INVALID_OBJECTS("junction.invalid.objects", "objects skipped because a field is invalid", "kind"),
    PROXY_HEALTHZ("kubeproxy.proxy.healthz", "/healthz requests by status code", "code"),
    PROXY_LIVEZ("kubeproxy.proxy.livez", "/livez requests by status code", "code"),
    SERVICE_HEALTH_LISTEN_FAILURES("junction.service.health.listen.failures",
            "healthCheckNodePort listeners that could not be opened (retried on the next sync)");

    /**
     * kube-proxy's sync histograms: exponential buckets 1 ms × 2^0..14.
     */
    public static final List<Duration> SYNC_BUCKETS = exponentialBuckets(Duration.ofMillis(1), 15);

    /** kube-proxy's network programming buckets: 0.25 s to 5 min, merged linear and exponential. */
    public static final List<Duration> NETWORK_PROGRAMMING_BUCKETS = List.of(
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6),
            Duration.ofSeconds(7), Duration.ofSeconds(8), Duration.ofSeconds(9), Duration.ofSeconds(10),
            Duration.ofSeconds(11), Duration.ofSeconds(12), Duration.ofSeconds(13), Duration.ofSeconds(14),
            Duration.ofSeconds(15), Duration.ofSeconds(16), Duration.ofSeconds(17), Duration.ofSeconds(18),
            Duration.ofSeconds(19), Duration.ofSeconds(20), Duration.ofSeconds(21), Duration.ofSeconds(22),
            Duration.ofSeconds(23), Duration.ofSeconds(24), Duration.ofSeconds(25), Duration.ofSeconds(26),
            Duration.ofSeconds(27), Duration.ofSeconds(28), Duration.ofSeconds(29), Duration.ofSeconds(30),
            Duration.ofSeconds(31), Duration.ofSeconds(32), Duration.ofSeconds(33), Duration.ofSeconds(34),
            Duration.ofSeconds(35), Duration.ofSeconds(36), Duration.ofSeconds(37), Duration.ofSeconds(38),
            Duration.ofSeconds(39), Duration.ofSeconds(40), Duration.ofSeconds(41), Duration.ofSeconds(42),
            Duration.ofSeconds(43), Duration.ofSeconds(44), Duration.ofSeconds(45), Duration.ofSeconds(46),
            Duration.ofSeconds(47), Duration.ofSeconds(48), Duration.ofSeconds(49), Duration.ofSeconds(50),
            Duration.ofSeconds(51), Duration.ofSeconds(52), Duration.ofSeconds(53), Duration.ofSeconds(54),
            Duration.ofSeconds(55), Duration.ofSeconds(56), Duration.ofSeconds(57), Duration.ofSeconds(58),
            Duration.ofSeconds(59), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240),
            Duration.ofSeconds(300));

    private final String meterName;
    private final String description;
    private final List<String> tagKeys;

    ProxyMeters(String meterName, String description, String... tagKeys) {
        this.meterName = meterName;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }

    public List<String> tagKeys() {
        return tagKeys;
    }

    /** A counter of this meter with the given tag values, in {@link #tagKeys()} order. */
    public Counter counter(MeterRegistry registry, String... tagValues) {
        return Counter.builder(meterName).description(description).tags(tags(tagValues)).register(registry);
    }

    /**
     * A gauge of this meter reading {@code state} through {@code value}. The registry holds {@code state} weakly: the
     * caller keeps a strong reference for as long as the gauge should report.
     */
    public <T> Gauge gauge(MeterRegistry registry, T state, ToDoubleFunction<T> value, String... tagValues) {
        return Gauge.builder(meterName, state, value).description(description).tags(tags(tagValues)).register(registry);
    }

    /** A timer with explicit histogram buckets, as kube-proxy's Prometheus histograms have. */
    public Timer timer(MeterRegistry registry, List<Duration> buckets, String... tagValues) {
        return Timer.builder(meterName)
                .description(description)
                .tags(tags(tagValues))
                .serviceLevelObjectives(buckets.toArray(Duration[]::new))
                .register(registry);
    }

    /** The tags for the given values, in {@link #tagKeys()} order; fails fast on a mismatch. */
    public Tags tags(String... tagValues) {
        if (tagValues.length != tagKeys.size()) {
            throw new IllegalArgumentException(
                    meterName + " takes tags " + tagKeys + " (got " + tagValues.length + " values)");
        }
        Tags tags = Tags.empty();
        for (int i = 0; i < tagValues.length; i++) {
            tags = tags.and(tagKeys.get(i), tagValues[i]);
        }
        return tags;
    }

    private static List<Duration> exponentialBuckets(Duration start, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> start.multipliedBy(1L << i))
                .toList();
    }
}
