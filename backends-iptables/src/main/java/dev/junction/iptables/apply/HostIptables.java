package dev.junction.iptables.apply;

import dev.junction.core.config.ProxyConfig;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.net.IpFamily;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the iptables backend for the host it runs on: the iptables flavor the node already uses, the families the
 * kernel supports, and the sysctl that localhost NodePorts need (as kube-proxy's {@code NewProxier}).
 */
public final class HostIptables {

    private static final Logger LOG = LoggerFactory.getLogger(HostIptables.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final Path IPV6 = Path.of("/proc/net/if_inet6");
    private static final Path ROUTE_LOCALNET = Path.of("/proc/sys/net/ipv4/conf/all/route_localnet");

    private HostIptables() {
    }

    /** The backend for {@code --proxy-mode iptables}, with its canary monitor running. */
    public static IptablesBackend open(ProxyConfig config, MeterRegistry registry, ProxyHealth health,
            Runnable requestFullSync) throws SocketException {
        IptablesFlavor flavor = ProcessIptables.detectFlavor(COMMAND_TIMEOUT);
        ProcessIptables iptables = new ProcessIptables(flavor, COMMAND_TIMEOUT);
        Set<IpFamily> families = families(iptables);
        IptablesSettings settings = IptablesSettings.of(config, families);
        if (settings.localhostNodePorts() && families.contains(IpFamily.IPV4)) {
            enableRouteLocalnet();
        }
        LOG.info("iptables backend flavor={} families={}", flavor.name().toLowerCase(java.util.Locale.ROOT),
                families);
        IptablesBackend backend = new IptablesBackend(iptables, settings, registry,
                AfterSync.onHost(config, registry, health), requestFullSync);
        // As kube-proxy's Monitor: one look every syncPeriod.
        backend.startCanaryMonitor(config.rules().syncPeriod());
        return backend;
    }

    /** IPv4 always; IPv6 too when the kernel has it and ip6tables works (shared with the userspace mode). */
    public static Set<IpFamily> families(ProcessIptables iptables) {
        Set<IpFamily> families = EnumSet.of(IpFamily.IPV4);
        if (Files.exists(IPV6)) {
            try {
                iptables.save(IpFamily.IPV6, "nat");
                families.add(IpFamily.IPV6);
            } catch (IptablesException e) {
                LOG.warn("IPv6 is not proxied: ip6tables does not work here ({})", e.getMessage());
            }
        }
        return families;
    }

    /** Lets the kernel route 127.0.0.0/8 destinations that localhost NodePorts DNAT elsewhere. */
    private static void enableRouteLocalnet() {
        try {
            if (!Files.readString(ROUTE_LOCALNET).strip().equals("1")) {
                Files.writeString(ROUTE_LOCALNET, "1");
                LOG.info("set net.ipv4.conf.all.route_localnet=1 for localhost NodePorts");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot enable route_localnet for localhost NodePorts"
                    + " (run as root, or set --iptables-localhost-nodeports=false)", e);
        }
    }
}
