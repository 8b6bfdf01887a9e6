package dev.junction.userspace.tcp;

import java.time.Duration;

/**
 * How the TCP proxy treats the connections of one listener.
 *
 * @param connectTimeout how long one connect to an endpoint may take before the next endpoint is tried
 * @param maxAttempts    how many endpoints one client connection may try
 * @param idleTimeout    a connection with no byte read on either side for this long is closed, both sockets
 * @param maxConnections client connections one listener may hold open; above it new ones are closed at once and
 *                       counted as refused
 */
public record TcpProxySettings(Duration connectTimeout, int maxAttempts, Duration idleTimeout, int maxConnections) {

    public static final TcpProxySettings DEFAULT = new TcpProxySettings(Duration.ofSeconds(5), 3, Duration.ofHours(1));

    /** Settings without a connection limit. */
    public TcpProxySettings(Duration connectTimeout, int maxAttempts, Duration idleTimeout) {
        this(connectTimeout, maxAttempts, idleTimeout, Integer.MAX_VALUE);
    }

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
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " (expected: >= 1)");
        }
    }

    public TcpProxySettings withMaxConnections(int limit) {
        return new TcpProxySettings(connectTimeout, maxAttempts, idleTimeout, limit);
    }
}
