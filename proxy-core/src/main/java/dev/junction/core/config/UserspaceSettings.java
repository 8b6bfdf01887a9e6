package dev.junction.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code --proxy-mode userspace} serves Service ports (Junction's own {@code --userspace-*} flags; kube-proxy has
 * none). Limits apply per listener: one Service port of one IP family.
 *
 * @param transport        the Netty transport (default auto)
 * @param balance          how an endpoint is picked without ClientIP affinity (default round-robin)
 * @param connectTimeout   how long one connect to an endpoint may take before the next is tried (default 5s)
 * @param connectAttempts  how many endpoints one client connection may try (default 3)
 * @param idleTimeout      a TCP connection with no byte either way for this long is closed (default 1h)
 * @param maxConnections   TCP connections a listener holds open; above it new ones are closed at once; 0 is no limit
 *                         (the default)
 * @param udpIdleTimeout   a UDP flow with no datagram either way for this long ends (default 30s, the kernel's
 *                         {@code nf_conntrack_udp_timeout})
 * @param udpMaxFlows      UDP flows a listener holds; a datagram that would open one more is dropped (default 16384)
 * @param ejectAfter       consecutive failed connects that eject an endpoint (default 3)
 * @param ejectFor         how long an ejected endpoint is left out before it is tried again (default 10s)
 * @param drainTimeout     how long connections to a removed endpoint may continue (default 5m)
 */
public record UserspaceSettings(
        UserspaceTransport transport,
        BalanceMode balance,
        Duration connectTimeout,
        int connectAttempts,
        Duration idleTimeout,
        int maxConnections,
        Duration udpIdleTimeout,
        int udpMaxFlows,
        int ejectAfter,
        Duration ejectFor,
        Duration drainTimeout) {

    public static final UserspaceSettings DEFAULT = new UserspaceSettings(UserspaceTransport.AUTO,
            BalanceMode.ROUND_ROBIN, Duration.ofSeconds(5), 3, Duration.ofHours(1), 0, Duration.ofSeconds(30), 16_384,
            3, Duration.ofSeconds(10), Duration.ofMinutes(5));

    public UserspaceSettings {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(udpIdleTimeout, "udpIdleTimeout");
        Objects.requireNonNull(ejectFor, "ejectFor");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
    }
}
