package dev.junction.daemonset;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.net.IpFamily;
import dev.junction.iptables.apply.IptablesHost;
import dev.junction.iptables.apply.IptablesException;
import dev.junction.iptables.apply.ProcessIptables;
import dev.junction.iptables.leftovers.Leftovers;
import dev.junction.iptables.leftovers.ModeChains;
import dev.junction.nftables.apply.NftException;
import dev.junction.nftables.apply.NftLeftovers;
import dev.junction.nftables.apply.ProcessNft;
import dev.junction.userspace.steer.SteeringRules;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's {@code platformCleanup}. At start, the rules of the modes the node no longer runs are removed before the
 * running mode programs its own, so that a node switched from iptables to nftables (or to userspace) does not keep
 * DNATing to stale endpoints through the old mode's chains; best effort, as upstream: a failure is logged and the
 * agent starts anyway. {@code junction run --cleanup} removes every mode's rules and exits.
 */
final class LeftoverCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverCleanup.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);

    private LeftoverCleanup() {
    }

    /** Removes what every mode but {@code running} left behind, on the iptables the agent found at start. */
    static void removeAllBut(ProxyMode running, IptablesHost host) {
        remove(EnumSet.complementOf(EnumSet.of(running, ProxyMode.IPVS)), host);
    }

    /** Removes every mode's rules; whether all of them went. */
    static boolean removeAll() {
        return remove(EnumSet.complementOf(EnumSet.of(ProxyMode.IPVS)), IptablesHost.detect());
    }

    private static boolean remove(Set<ProxyMode> modes, IptablesHost host) {
        boolean clean = true;
        for (ProxyMode mode : modes) {
            try {
                if (remove(mode, host.iptables(), host.families())) {
                    LOG.info("removed the rules {} mode left behind", mode.cliName());
                }
            } catch (IptablesException | NftException | UncheckedIOException e) {
                LOG.warn("cannot remove the rules {} mode left behind; they may still catch Service traffic: {}",
                        mode.cliName(), e.getMessage());
                clean = false;
            }
        }
        return clean;
    }

    private static boolean remove(ProxyMode mode, ProcessIptables iptables, Set<IpFamily> families)
            throws IptablesException, NftException {
        return switch (mode) {
            case IPTABLES -> Leftovers.remove(iptables, families, ModeChains.IPTABLES);
            case USERSPACE -> Leftovers.remove(iptables, families, SteeringRules.CHAINS);
            case NFTABLES -> NftLeftovers.remove(new ProcessNft(COMMAND_TIMEOUT), families);
            case IPVS -> false;
        };
    }
}
