package dev.junction.daemonset;

import static dev.junction.daemonset.RunFlags.set;

import dev.junction.core.config.BalanceMode;
import dev.junction.core.config.GoDuration;
import dev.junction.core.config.InvalidConfigException;
import dev.junction.core.config.UserspaceSettingsBuilder;
import dev.junction.core.config.UserspaceTransport;
import picocli.CommandLine.Option;

/** The {@code --userspace-*} flags of {@code junction run} (a picocli mixin): Junction's own, kube-proxy has none. */
final class UserspaceFlags {

    private static final String MODE = "With --proxy-mode userspace: ";

    @Option(names = "--userspace-transport", paramLabel = "NAME",
            description = MODE + "auto (io_uring where the kernel allows it, else epoll, else nio), io_uring, epoll"
                    + " (relaying TCP bytes with splice(2), kernel to kernel) or nio. Default: auto.")
    private String transport;

    @Option(names = "--userspace-balance", paramLabel = "MODE",
            description = MODE + "how a connection picks an endpoint when the Service has no ClientIP affinity:"
                    + " round-robin, least-connections or random. Default: round-robin.")
    private String balance;

    @Option(names = "--userspace-connect-timeout", paramLabel = "DURATION",
            description = MODE + "how long a connect to an endpoint may take before the next endpoint is tried."
                    + " Default: 5s.")
    private String connectTimeout;

    @Option(names = "--userspace-connect-attempts", paramLabel = "N",
            description = MODE + "how many endpoints a TCP connection tries before the client is closed. Default: 3.")
    private String connectAttempts;

    @Option(names = "--userspace-idle-timeout", paramLabel = "DURATION",
            description = MODE + "a TCP connection with no byte either way for this long is closed. Default: 1h0m0s.")
    private String idleTimeout;

    @Option(names = "--userspace-max-connections", paramLabel = "N",
            description = MODE + "TCP connections one Service port (per IP family) holds open; beyond it new ones"
                    + " are closed at once and counted in junction_userspace_refused_total{reason=\"limit\"}."
                    + " 0: no limit. Default: 0.")
    private String maxConnections;

    @Option(names = "--userspace-udp-idle-timeout", paramLabel = "DURATION",
            description = MODE + "a UDP flow (one client address and port) with no datagram either way for this"
                    + " long ends. Default: 30s.")
    private String udpIdleTimeout;

    @Option(names = "--userspace-udp-max-flows", paramLabel = "N",
            description = MODE + "UDP flows one Service port (per IP family) holds; a datagram that would open one"
                    + " more is dropped and counted. Default: 16384.")
    private String udpMaxFlows;

    @Option(names = "--userspace-eject-after", paramLabel = "N",
            description = MODE + "failed connects in a row that take an endpoint out of the rotation. Default: 3.")
    private String ejectAfter;

    @Option(names = "--userspace-eject-for", paramLabel = "DURATION",
            description = MODE + "how long an ejected endpoint stays out before it is tried again. Default: 10s.")
    private String ejectFor;

    @Option(names = "--userspace-drain-timeout", paramLabel = "DURATION",
            description = MODE + "how long connections to a removed endpoint may continue before they are closed."
                    + " Default: 5m0s.")
    private String drainTimeout;

    void applyTo(UserspaceSettingsBuilder builder) throws InvalidConfigException {
        set("--userspace-transport", transport, UserspaceTransport::parse, builder::transport);
        set("--userspace-balance", balance, BalanceMode::parse, builder::balance);
        set("--userspace-connect-timeout", connectTimeout, GoDuration::parse, builder::connectTimeout);
        set("--userspace-connect-attempts", connectAttempts, RunFlags::parseInt, builder::connectAttempts);
        set("--userspace-idle-timeout", idleTimeout, GoDuration::parse, builder::idleTimeout);
        set("--userspace-max-connections", maxConnections, RunFlags::parseInt, builder::maxConnections);
        set("--userspace-udp-idle-timeout", udpIdleTimeout, GoDuration::parse, builder::udpIdleTimeout);
        set("--userspace-udp-max-flows", udpMaxFlows, RunFlags::parseInt, builder::udpMaxFlows);
        set("--userspace-eject-after", ejectAfter, RunFlags::parseInt, builder::ejectAfter);
        set("--userspace-eject-for", ejectFor, GoDuration::parse, builder::ejectFor);
        set("--userspace-drain-timeout", drainTimeout, GoDuration::parse, builder::drainTimeout);
    }
}
