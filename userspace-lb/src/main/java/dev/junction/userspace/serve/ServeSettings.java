package dev.junction.userspace.serve;

import dev.junction.core.config.UserspaceSettings;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.TableSettings;
import dev.junction.userspace.tcp.TcpProxySettings;
import dev.junction.userspace.udp.UdpProxySettings;
import java.time.Duration;

/**
 * How the userspace mode serves Service ports.
 *
 * @param drainTimeout how long connections to a removed endpoint (or a removed Service port) may continue before
 *                     they are closed
 */
public record ServeSettings(TableSettings tables, HealthPolicy health, TcpProxySettings tcp, UdpProxySettings udp,
        Duration drainTimeout) {

    public ServeSettings {
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout " + drainTimeout + " (expected: >= 0)");
        }
    }

    /** The settings the operator chose with the {@code --userspace-*} flags. */
    public static ServeSettings of(UserspaceSettings chosen) {
        int connectionLimit = chosen.maxConnections() == 0 ? Integer.MAX_VALUE : chosen.maxConnections();
        return new ServeSettings(TableSettings.of(chosen.balance()),
                new HealthPolicy(chosen.ejectAfter(), chosen.ejectFor()),
                new TcpProxySettings(chosen.connectTimeout(), chosen.connectAttempts(), chosen.idleTimeout(),
                        connectionLimit),
                new UdpProxySettings(chosen.udpIdleTimeout(), chosen.udpMaxFlows(),
                        UdpProxySettings.DEFAULT.maxPendingDatagrams()),
                chosen.drainTimeout());
    }
}
