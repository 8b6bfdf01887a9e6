package dev.junction.daemonset;

import dev.junction.core.backend.Backend;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.health.ProxyHealth;
import dev.junction.iptables.apply.HostIptables;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketException;

/** The data planes this build of junction carries. */
final class KernelDataPlanes implements DataPlanes {

    @Override
    public Backend create(ProxyConfig config, MeterRegistry registry, ProxyHealth health, Runnable requestFullSync)
            throws UnsupportedModeException, SocketException {
        return switch (config.mode()) {
            case IPTABLES -> HostIptables.open(config, registry, health, requestFullSync);
            case NFTABLES, IPVS, USERSPACE -> throw new UnsupportedModeException(config.mode());
        };
    }
}
