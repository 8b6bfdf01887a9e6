package dev.junction.dns.server;

import dev.junction.dns.records.ZoneSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How the responder runs.
 *
 * @param listen          UDP and TCP address (port 0 picks a free port, the same for both)
 * @param zone            the cluster zone
 * @param upstreams       resolvers for everything else, tried in order; empty makes such questions SERVFAIL
 * @param upstreamTimeout how long one upstream attempt may take (CoreDNS's forward: 2 s read timeout)
 * @param cacheCapacity   forwarded answers kept at most; 0 disables the cache
 * @param tcpIdleTimeout  an idle TCP connection is closed after this (CoreDNS: 10 s)
 */
public record DnsSettings(
        InetSocketAddress listen,
        ZoneSettings zone,
        List<InetSocketAddress> upstreams,
        Duration upstreamTimeout,
        int cacheCapacity,
        Duration tcpIdleTimeout) {

    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_CACHE_CAPACITY = 10_000;
    public static final Duration DEFAULT_TCP_IDLE_TIMEOUT = Duration.ofSeconds(10);

    public DnsSettings {
        upstreams = List.copyOf(upstreams);
        if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
            throw new IllegalArgumentException("upstream timeout " + upstreamTimeout + " (expected: positive)");
        }
        if (cacheCapacity < 0) {
            throw new IllegalArgumentException("cache capacity " + cacheCapacity + " (expected: 0 or more)");
        }
        if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
            throw new IllegalArgumentException("TCP idle timeout " + tcpIdleTimeout + " (expected: positive)");
        }
    }

    /** Defaults for everything but the address, zone and upstreams. */
    public static DnsSettings of(InetSocketAddress listen, ZoneSettings zone, List<InetSocketAddress> upstreams) {
        return new DnsSettings(listen, zone, upstreams, DEFAULT_UPSTREAM_TIMEOUT, DEFAULT_CACHE_CAPACITY,
                DEFAULT_TCP_IDLE_TIMEOUT);
    }
}
