package dev.junction.core.conntrack;

import dev.junction.core.conntrack.ConntrackMeters.FamilyMeters;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the stale UDP conntrack entries of one family after a successful sync, as kube-proxy's proxiers call
 * {@code conntrack.CleanStaleEntries} when endpoints changed: list, select with {@link StaleFlowSelector}, delete,
 * record metrics.
 *
 * <p>Best effort: {@link #clean} never throws. A failure is logged (WARN once per distinct failure, DEBUG while it
 * repeats), counted in {@code junction.conntrack.reconciler.failures}, and retried by the next cleanup; the sync that
 * called it has succeeded regardless. Call it from the sync loop's thread, in the network namespace whose table the
 * backend programs.
 */
public final class ConntrackCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(ConntrackCleanup.class);

    private final Conntrack conntrack;
    private final MeterRegistry registry;
    private final Map<IpFamily, FamilyMeters> meters;
    private final Map<IpFamily, String> lastFailure = new ConcurrentHashMap<>();

    public ConntrackCleanup(Conntrack conntrack, MeterRegistry registry) {
        this.conntrack = conntrack;
        this.registry = registry;
        this.meters = ConntrackMeters.bindTo(registry);
    }

    /**
     * Deletes the entries of {@code family} that {@code applied} makes stale.
     *
     * @param applied the snapshot the backend has just applied successfully
     * @return how many entries were deleted (some may have been, even when the cleanup failed part-way)
     */
    public int clean(ClusterSnapshot applied, IpFamily family) {
        FamilyMeters familyMeters = meters.get(family);
        Timer.Sample sample = Timer.start(registry);
        int deleted = 0;
        try {
            List<ConntrackFlow> flows = conntrack.listUdp(family);
            List<ConntrackFlow> stale = StaleFlowSelector.select(applied, family, flows);
            deleted = stale.isEmpty() ? 0 : conntrack.delete(stale);
            lastFailure.remove(family);
            LOG.debug("conntrack cleanup done family={} generation={} udpFlows={} stale={} deleted={}",
                    family, applied.generation(), flows.size(), stale.size(), deleted);
        } catch (ConntrackException e) {
            deleted = e.deletedBeforeFailure();
            recordFailure(family, familyMeters, e.getMessage(), null);
        } catch (RuntimeException e) {
            recordFailure(family, familyMeters, e.toString(), e);
        } finally {
            familyMeters.deletedEntries().increment(deleted);
            sample.stop(familyMeters.syncDuration());
        }
        return deleted;
    }

    private void recordFailure(IpFamily family, FamilyMeters familyMeters, String message, Throwable unexpected) {
        familyMeters.failures().increment();
        if (message.equals(lastFailure.put(family, message))) {
            LOG.debug("conntrack cleanup failed again family={} reason={}", family, message, unexpected);
        } else {
            LOG.warn("conntrack cleanup failed, stale UDP flows may linger until the next cleanup family={} reason={}",
                    family, message, unexpected);
        }
    }
}
