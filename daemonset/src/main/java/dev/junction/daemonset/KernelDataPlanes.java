package dev.junction.daemonset;

import dev.junction.core.backend.Backend;
import dev.junction.core.config.DetectLocalMode;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.config.ProxyMode;
import dev.junction.core.conntrack.ConntrackSysctls;
import dev.junction.core.health.ProxyHealth;
import dev.junction.iptables.apply.HostIptables;
import dev.junction.iptables.apply.IptablesHost;
import dev.junction.nftables.apply.HostNftables;
import dev.junction.nftables.apply.NftException;
import dev.junction.userspace.HostUserspace;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketException;
import java.util.EnumSet;
import java.util.Set;

/** The data planes this build of junction carries, and the host set-up they share (conntrack sysctls). */
final class KernelDataPlanes implements DataPlanes {

    private static final Set<DetectLocalMode> DETECT_LOCAL_MODES =
            EnumSet.of(DetectLocalMode.CLUSTER_CIDR, DetectLocalMode.NODE_CIDR);

    @Override
    public Backend create(ProxyConfig config, MeterRegistry registry, ProxyHealth health, Runnable requestFullSync)
            throws UnsupportedSettingException, SocketException, NftException {
        if (!DETECT_LOCAL_MODES.contains(config.detectLocal().mode())) {
            throw new UnsupportedSettingException("--detect-local-mode", config.detectLocal().mode().toString(),
                    "ClusterCIDR, NodeCIDR");
        }
        if (config.mode() == ProxyMode.IPVS) {
            throw new UnsupportedSettingException("--proxy-mode", config.mode().cliName(),
                    "iptables, nftables, userspace");
        }
        IptablesHost host = IptablesHost.detect();
        LeftoverCleanup.removeAllBut(config.mode(), host);
        return switch (config.mode()) {
            case IPTABLES -> {
                ConntrackSysctls.ofHost().apply(config.conntrack(), Runtime.getRuntime().availableProcessors());
                yield HostIptables.open(config, registry, health, requestFullSync, host);
            }
            case NFTABLES -> {
                ConntrackSysctls.ofHost().apply(config.conntrack(), Runtime.getRuntime().availableProcessors());
                yield HostNftables.open(config, registry, health, requestFullSync);
            }
            case USERSPACE -> HostUserspace.open(config, registry, health, host);
            case IPVS -> throw new IllegalStateException("--proxy-mode ipvs is refused before iptables detection");
        };
    }
}
