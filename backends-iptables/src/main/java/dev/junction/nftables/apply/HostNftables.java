package dev.junction.nftables.apply;

import dev.junction.core.config.ProxyConfig;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.net.IpFamily;
import dev.junction.iptables.apply.AfterSync;
import dev.junction.iptables.apply.CompilerOptionsSource;
import dev.junction.iptables.apply.IptablesSettings;
import dev.junction.iptables.apply.NodeFacts;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the nftables backend for the host it runs on: the families the kernel supports, conntrack, health checks. */
public final class HostNftables {

    private static final Logger LOG = LoggerFactory.getLogger(HostNftables.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final Path IPV6 = Path.of("/proc/net/if_inet6");

    private HostNftables() {
    }

    /** The backend for {@code --proxy-mode nftables}. */
    public static NftBackend open(ProxyConfig config, MeterRegistry registry, ProxyHealth health,
            Runnable requestFullSync) throws SocketException, NftException {
        ProcessNft nft = new ProcessNft(COMMAND_TIMEOUT);
        nft.chains(IpFamily.IPV4); // fails here, with nft's reason, when nftables is missing
        Set<IpFamily> families = EnumSet.of(IpFamily.IPV4);
        if (Files.exists(IPV6)) {
            families.add(IpFamily.IPV6);
        }
        LOG.info("nftables backend families={} table=kube-proxy", families);
        IptablesSettings settings = IptablesSettings.of(config, families);
        NftBackend backend = new NftBackend(nft, families, new CompilerOptionsSource(settings, NodeFacts.host()),
                registry, AfterSync.onHost(config, registry, health), Clock.systemUTC(), requestFullSync);
        backend.startTableMonitor(config.rules().syncPeriod());
        return backend;
    }
}
