package dev.junction.iptables.apply;

import dev.junction.core.config.ProxyConfig;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.net.IpFamily;
import dev.junction.core.nfacct.NetlinkNfacct;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the iptables backend for the host it runs on: on the iptables flavor and families {@link IptablesHost}
 * found, with the sysctl that localhost NodePorts need and kube-proxy's nfacct counters (as its {@code NewProxier}).
 */
public final class HostIptables {

    private static final Logger LOG = LoggerFactory.getLogger(HostIptables.class);
    private static final Path ROUTE_LOCALNET = Path.of("/proc/sys/net/ipv4/conf/all/route_localnet");
    /** The kernel answers nfacct requests at once; a full sync or a scrape waits at most this long for each counter. */
    private static final Duration NFACCT_TIMEOUT = Duration.ofSeconds(1);

    private HostIptables() {
    }

    /**
     * The backend for {@code --proxy-mode iptables}, with its canary monitor running.
     *
     * @param host the node's iptables, as {@link IptablesHost#detect} found them
     */
    public static IptablesBackend open(ProxyConfig config, MeterRegistry registry, ProxyHealth health,
            Runnable requestFullSync, IptablesHost host) throws SocketException {
        Set<IpFamily> families = host.families();
        IptablesSettings settings = IptablesSettings.of(config, families);
        if (settings.localhostNodePorts() && families.contains(IpFamily.IPV4)) {
            enableRouteLocalnet();
        }
        LOG.info("iptables backend flavor={} families={}", host.flavorName(), families);
        NfacctCounters nfacctCounters = NfacctCounters.install(new NetlinkNfacct(NFACCT_TIMEOUT), registry);
        IptablesBackend backend = new IptablesBackend(host.iptables(), settings, registry,
                AfterSync.onHost(config, registry, health), requestFullSync, nfacctCounters);
        // As kube-proxy's Monitor: one look every syncPeriod.
        backend.startCanaryMonitor(config.rules().syncPeriod());
        return backend;
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
