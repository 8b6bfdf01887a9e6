package dev.junction.dns.server;

/**
 * The DNS responder's meter catalogue. Names render in Prometheus as {@code junction_dns_requests_total} and so on;
 * tags are bounded (transport, a fixed set of types, rcode names, result).
 */
public enum DnsMeters {
    /** Queries received, by {@code proto} and {@code type}. */
    REQUESTS("junction.dns.requests", "proto", "type"),
    /** Replies sent, by {@code rcode} and {@code source} (zone, forward, error). */
    RESPONSES("junction.dns.responses", "rcode", "source"),
    /** Time from receiving a query to handing its reply to the transport, by {@code source}. */
    REQUEST_DURATION("junction.dns.request.duration", "source"),
    /** Packets dropped unanswered (too short, or responses), by {@code proto}. */
    DROPPED("junction.dns.dropped", "proto"),
    /** Forwarded questions answered from the cache. */
    CACHE_HITS("junction.dns.cache.hits"),
    /** Forwarded questions not in the cache. */
    CACHE_MISSES("junction.dns.cache.misses"),
    /** Forwarded replies held in the cache now (CoreDNS's {@code coredns_cache_entries}). */
    CACHE_ENTRIES("junction.dns.cache.entries"),
    /** Upstream attempts that failed, by {@code reason} (timeout, io, mismatch, overload). */
    UPSTREAM_ERRORS("junction.dns.upstream.errors", "reason");

    private final String meterName;
    private final String[] tagKeys;

    DnsMeters(String meterName, String... tagKeys) {
        this.meterName = meterName;
        this.tagKeys = tagKeys;
    }

    public String meterName() {
        return meterName;
    }

    public String[] tagKeys() {
        return tagKeys.clone();
    }
}
