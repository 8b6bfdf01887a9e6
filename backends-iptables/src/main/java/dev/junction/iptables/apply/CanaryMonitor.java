package dev.junction.iptables.apply;

import dev.junction.core.net.IpFamily;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches for someone flushing iptables behind Junction's back (a firewall reload, an admin's {@code iptables -F}):
 * Junction keeps an empty canary chain in mangle, nat and filter, and asks for a full sync as soon as one of them
 * is gone, as kube-proxy's {@code Monitor} does.
 */
final class CanaryMonitor implements AutoCloseable {

    static final String CANARY_CHAIN = "KUBE-PROXY-CANARY";
    static final List<String> TABLES = List.of("mangle", "nat", "filter");
    private static final Logger LOG = LoggerFactory.getLogger(CanaryMonitor.class);

    private final Iptables iptables;
    private final Set<IpFamily> families;
    private final Runnable onFlushed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "junction-iptables-canary");
        thread.setDaemon(true);
        return thread;
    });

    CanaryMonitor(Iptables iptables, Set<IpFamily> families, Runnable onFlushed) {
        this.iptables = iptables;
        this.families = Set.copyOf(families);
        this.onFlushed = onFlushed;
    }

    /** Creates the canaries; call after each full sync so a flush is noticed again next time. */
    void plant() throws IptablesException {
        for (IpFamily family : families) {
            for (String table : TABLES) {
                iptables.ensureChain(family, table, CANARY_CHAIN);
            }
        }
    }

    /** Whether every canary is still there. Reads tables: never call it on the sync path. */
    boolean isIntact() {
        for (IpFamily family : families) {
            for (String table : TABLES) {
                if (!iptables.chainExists(family, table, CANARY_CHAIN)) {
                    return false;
                }
            }
        }
        return true;
    }

    void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One check: asks for a full sync when a canary is gone. */
    void check() {
        if (!isIntact()) {
            LOG.warn("iptables canary chain {} is gone: rules were flushed, forcing a full sync", CANARY_CHAIN);
            onFlushed.run();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
