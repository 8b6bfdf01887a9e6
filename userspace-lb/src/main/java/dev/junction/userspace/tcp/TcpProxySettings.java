package dev.junction.userspace.tcp;

import java.time.Duration;

/**
 * How the TCP proxy treats one connection.
 *
 * @param connectTimeout how long one connect to an endpoint may take before the next endpoint is tried
 * @param maxAttempts    how many endpoints one client connection may try
 * @param idleTimeout    a connection with no byte read or written in either direction for this long is closed
 */
public record TcpProxySettings(Duration connectTimeout, int maxAttempts, Duration idleTimeout) {

    public static final TcpProxySettings DEFAULT =
            new TcpProxySettings(Duration.ofSeconds(5), 3, Duration.ofHours(1));

    public TcpProxySettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout " + connectTimeout + " (expected: 1ms-24d)");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts " + maxAttempts + " (expected: >= 1)");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout " + idleTimeout + " (expected: > 0)");
        }
    }
}
