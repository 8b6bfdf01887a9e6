package dev.junction.dns.server;

import dev.junction.dns.forward.ForwardMetrics;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The responder's meters, registered once and held by reference for the hot path. Thread-safe.
 */
public final class DnsMetrics implements ForwardMetrics {

    /** Sources of replies, the {@code source} tag. */
    public static final String ZONE = "zone";
    public static final String FORWARD = "forward";
    public static final String ERROR = "error";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter cacheMisses;

    public DnsMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.cacheHits = registry.counter(DnsMeters.CACHE_HITS.meterName());
        this.cacheMisses = registry.counter(DnsMeters.CACHE_MISSES.meterName());
    }

    void request(Transport transport, int qtype) {
        counter(DnsMeters.REQUESTS, transport.tag(), typeTag(qtype)).increment();
    }

    void reply(DnsRequest request, int rcode, String source) {
        counter(DnsMeters.RESPONSES, Rcode.ofHeader(rcode).name(), source).increment();
        timers.computeIfAbsent(source, s -> Timer.builder(DnsMeters.REQUEST_DURATION.meterName())
                        .tag("source", s).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(5))
                        .register(registry))
                .record(Duration.ofNanos(System.nanoTime() - request.receivedNanos()));
    }

    void dropped(Transport transport) {
        counter(DnsMeters.DROPPED, transport.tag()).increment();
    }

    @Override
    public void cacheHit() {
        cacheHits.increment();
    }

    @Override
    public void cacheMiss() {
        cacheMisses.increment();
    }

    @Override
    public void upstreamError(String reason) {
        counter(DnsMeters.UPSTREAM_ERRORS, reason).increment();
    }

    private Counter counter(DnsMeters meter, String... values) {
        String key = meter.name() + String.join("|", values);
        return counters.computeIfAbsent(key, k -> {
            String[] keys = meter.tagKeys();
            Counter.Builder builder = Counter.builder(meter.meterName());
            for (int i = 0; i < keys.length; i++) {
                builder.tag(keys[i], values[i]);
            }
            return builder.register(registry);
        });
    }

    /** The common types by name, the rest as "other", so that the tag stays bounded. */
    private static String typeTag(int qtype) {
        return switch (qtype) {
            case RecordType.A, RecordType.AAAA, RecordType.SRV, RecordType.PTR, RecordType.TXT, RecordType.CNAME,
                 RecordType.NS, RecordType.SOA, RecordType.ANY -> RecordType.name(qtype);
            default -> "other";
        };
    }
}
