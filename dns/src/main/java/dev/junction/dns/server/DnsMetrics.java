package dev.junction.dns.server;

import dev.junction.dns.cache.ResponseCache;
import dev.junction.dns.forward.ForwardMetrics;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The responder's meters, all registered up front (every tag value is from a fixed set) and held by reference, so
 * the hot path only looks them up in small immutable maps. Thread-safe.
 */
final class DnsMetrics implements ForwardMetrics {

    /** Sources of replies, the {@code source} tag. */
    static final String ZONE = "zone";
    static final String FORWARD = "forward";
    static final String ERROR = "error";

    private static final List<String> SOURCES = List.of(ZONE, FORWARD, ERROR);
    private static final int[] NAMED_TYPES = {RecordType.A, RecordType.AAAA, RecordType.SRV, RecordType.PTR,
        RecordType.TXT, RecordType.CNAME, RecordType.NS, RecordType.SOA, RecordType.ANY};
    private static final String OTHER = "other";
    private static final List<String> UPSTREAM_REASONS = List.of("timeout", "io", "mismatch", "overload");

    private final Map<Transport, Map<String, Counter>> requests = new EnumMap<>(Transport.class);
    private final Map<String, Map<Rcode, Counter>> responses = new HashMap<>();
    private final Map<String, Timer> durations = new HashMap<>();
    private final Map<String, Counter> dropped = new HashMap<>();
    private final Map<String, Counter> upstreamErrors = new HashMap<>();
    private final Counter cacheHits;
    private final Counter cacheMisses;

    /** @param cache the forwarder's cache, whose size a gauge reads (the gauge holds it strongly) */
    DnsMetrics(MeterRegistry registry, ResponseCache cache) {
        for (Transport transport : Transport.values()) {
            Map<String, Counter> byType = new HashMap<>();
            for (String type : typeTags()) {
                byType.put(type, counter(registry, DnsMeters.REQUESTS, transport.tag(), type));
            }
            requests.put(transport, byType);
            dropped.put(transport.tag(), counter(registry, DnsMeters.DROPPED, transport.tag()));
        }
        for (String source : SOURCES) {
            Map<Rcode, Counter> byRcode = new EnumMap<>(Rcode.class);
            for (Rcode rcode : Rcode.values()) {
                byRcode.put(rcode, counter(registry, DnsMeters.RESPONSES, rcode.name(), source));
            }
            responses.put(source, byRcode);
            durations.put(source, Timer.builder(DnsMeters.REQUEST_DURATION.meterName()).tag("source", source)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(5))
                    .register(registry));
        }
        UPSTREAM_REASONS.forEach(reason ->
                upstreamErrors.put(reason, counter(registry, DnsMeters.UPSTREAM_ERRORS, reason)));
        cacheHits = registry.counter(DnsMeters.CACHE_HITS.meterName());
        cacheMisses = registry.counter(DnsMeters.CACHE_MISSES.meterName());
        Gauge.builder(DnsMeters.CACHE_ENTRIES.meterName(), cache, ResponseCache::size).strongReference(true)
                .register(registry);
    }

    void request(Transport transport, int qtype) {
        requests.get(transport).get(typeTag(qtype)).increment();
    }

    /** @param rcode the low four bits of the reply's rcode */
    void reply(DnsRequest request, int rcode, String source) {
        responses.get(source).get(Rcode.ofHeader(rcode)).increment();
        durations.get(source).record(System.nanoTime() - request.receivedNanos(), TimeUnit.NANOSECONDS);
    }

    void dropped(Transport transport) {
        dropped.get(transport.tag()).increment();
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
        Counter counter = upstreamErrors.get(reason);
        if (counter == null) {
            throw new IllegalArgumentException("upstream error reason \"" + reason + "\" (expected: one of "
                    + UPSTREAM_REASONS + ")");
        }
        counter.increment();
    }

    private static Counter counter(MeterRegistry registry, DnsMeters meter, String... values) {
        String[] keys = meter.tagKeys();
        Counter.Builder builder = Counter.builder(meter.meterName());
        for (int i = 0; i < keys.length; i++) {
            builder.tag(keys[i], values[i]);
        }
        return builder.register(registry);
    }

    private static List<String> typeTags() {
        List<String> tags = new ArrayList<>(Arrays.stream(NAMED_TYPES).mapToObj(RecordType::name).toList());
        tags.add(OTHER);
        return tags;
    }

    /** The common types by name, the rest as "other", so that the tag stays bounded. */
    private static String typeTag(int qtype) {
        for (int named : NAMED_TYPES) { // unboxed: a query's type is often above Integer's cache of small values
            if (named == qtype) {
                return RecordType.name(qtype);
            }
        }
        return OTHER;
    }
}
