package dev.junction.iptables.apply;

import dev.junction.core.net.IpFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's iptables as the agent finds it at start: the flavor in use (legacy or nf_tables) and the families it can
 * program. Detected once and shared by the leftover cleanup and the backend of the running mode (each detection runs
 * {@code iptables-save} of both flavors and of IPv6).
 *
 * @param iptables runs the detected flavor's binaries, each command bounded by {@value #COMMAND_TIMEOUT_MINUTES}
 *                 minutes (a restore of tens of thousands of Services takes a while on the nf_tables flavor)
 * @param families IPv4 always; IPv6 too when the kernel has it and ip6tables works
 */
public record IptablesHost(ProcessIptables iptables, Set<IpFamily> families) {

    private static final Logger LOG = LoggerFactory.getLogger(IptablesHost.class);
    private static final Path IPV6 = Path.of("/proc/net/if_inet6");
    static final int COMMAND_TIMEOUT_MINUTES = 5;

    public IptablesHost {
        families = Set.copyOf(families);
    }

    /** Looks at this host (or network namespace). */
    public static IptablesHost detect() {
        Duration commandTimeout = Duration.ofMinutes(COMMAND_TIMEOUT_MINUTES);
        ProcessIptables iptables = new ProcessIptables(ProcessIptables.detectFlavor(commandTimeout), commandTimeout);
        Set<IpFamily> families = EnumSet.of(IpFamily.IPV4);
        if (Files.exists(IPV6)) {
            try {
                iptables.save(IpFamily.IPV6, "nat");
                families.add(IpFamily.IPV6);
            } catch (IptablesException e) {
                LOG.warn("IPv6 is not proxied: ip6tables does not work here ({})", e.getMessage());
            }
        }
        return new IptablesHost(iptables, families);
    }

    /** {@code legacy} or {@code nft}, for logs. */
    public String flavorName() {
        return iptables.flavor().name().toLowerCase(java.util.Locale.ROOT);
    }
}
