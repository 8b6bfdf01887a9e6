package dev.junction.iptables.apply;

import dev.junction.core.netlink.NetlinkException;
import dev.junction.core.nfacct.Nfacct;
import dev.junction.iptables.compile.CompilerOptions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's two nfacct counters in iptables mode: created at start (its {@code NewProxier}) and again by any
 * full sync that finds one deleted, counted into by the KUBE-FORWARD INVALID drop and the localhost NodePort accept rules,
 * and read when {@code /metrics} is scraped (its {@code nfacctMetricCollector}). Where the kernel cannot create them,
 * the rules leave the nfacct match out and the metrics are not exported, as in kube-proxy.
 */
public final class NfacctCounters {

    /** No counters: the rules leave the nfacct match out. */
    public static final NfacctCounters NONE = new NfacctCounters(List.of());

    private static final Logger LOG = LoggerFactory.getLogger(NfacctCounters.class);

    /** Held strongly: Micrometer keeps only a weak reference to what a function counter reads. */
    private final List<ScrapedCounter> counters;

    private NfacctCounters(List<ScrapedCounter> counters) {
        this.counters = List.copyOf(counters);
    }

    /**
     * Creates both counters (keeping existing ones and their counts) and registers their metrics, or, when the
     * kernel refuses, logs one WARN and returns {@link #NONE}. Call on a thread in the node's network namespace.
     */
    public static NfacctCounters install(Nfacct nfacct, MeterRegistry registry) {
        try {
            nfacct.ensure(CompilerOptions.INVALID_DROPPED_COUNTER);
            nfacct.ensure(CompilerOptions.LOCALHOST_NODEPORTS_COUNTER);
        } catch (NetlinkException e) {
            LOG.warn("iptables rules count into no nfacct counters and the kubeproxy_iptables_* packet metrics are not"
                    + " exported: the kernel's nfnetlink_acct refused ({})", e.getMessage());
            return NONE;
        }
        return new NfacctCounters(List.of(
                new ScrapedCounter(nfacct, CompilerOptions.INVALID_DROPPED_COUNTER, registry,
                        "kubeproxy.iptables.ct.state.invalid.dropped.packets",
                        "packets dropped by iptables because conntrack found them INVALID"),
                new ScrapedCounter(nfacct, CompilerOptions.LOCALHOST_NODEPORTS_COUNTER, registry,
                        "kubeproxy.iptables.localhost.nodeports.accepted.packets",
                        "packets to a NodePort on a localhost address accepted by iptables")));
    }

    /** Whether the counters exist, so the rules may count into them. */
    boolean exist() {
        return !counters.isEmpty();
    }

    /**
     * Creates again any counter deleted since (an {@code nfacct flush} on the node): a restore whose rules name a
     * missing counter fails as a whole. Called with the other ensures of a full sync, which is also what follows a
     * failed restore; partial syncs skip the two netlink round trips. A failure here is left for the restore to report.
     */
    void recreateDeleted() {
        counters.forEach(ScrapedCounter::ensure);
    }

    /** One counter's metric; a failed read answers the last value read (NaN before the first), never an error. */
    private static final class ScrapedCounter {
        private final Nfacct nfacct;
        private final String name;
        private volatile double last = Double.NaN;

        ScrapedCounter(Nfacct nfacct, String name, MeterRegistry registry, String meter, String description) {
            this.nfacct = nfacct;
            this.name = name;
            FunctionCounter.builder(meter, this, ScrapedCounter::read).description(description).register(registry);
        }

        private void ensure() {
            try {
                nfacct.ensure(name);
            } catch (NetlinkException e) {
                LOG.debug("nfacct counter could not be ensured counter={}: {}", name, e.getMessage());
            }
        }

        private double read() {
            try {
                last = nfacct.packets(name);
            } catch (NetlinkException e) {
                LOG.debug("nfacct read failed, answering the last value counter={} last={}: {}", name, last,
                        e.getMessage());
            }
            return last;
        }
    }
}
