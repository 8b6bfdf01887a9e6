package dev.junction.core.health;

import dev.junction.core.net.IpFamily;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Whether the proxy keeps up with the cluster, per IP family, as kube-proxy's {@code ProxyHealthServer}: a family is
 * unhealthy once an update has been queued for {@code healthTimeout} (kube-proxy passes 2 × syncPeriod) without a
 * successful sync. A family that has never reported {@link #updated} is not judged at all.
 *
 * <p>Thread-safe: the sync loop reports from its thread, HTTP handlers read from theirs.
 */
public final class ProxyHealth {

    private final Clock clock;
    private final Duration healthTimeout;
    private final Map<IpFamily, Instant> lastUpdated = new EnumMap<>(IpFamily.class);
    private final Map<IpFamily, Instant> oldestPendingQueued = new EnumMap<>(IpFamily.class);

    public ProxyHealth(Clock clock, Duration healthTimeout) {
        if (healthTimeout.isNegative() || healthTimeout.isZero()) {
            throw new IllegalArgumentException("healthTimeout " + healthTimeout + " (expected: positive)");
        }
        this.clock = clock;
        this.healthTimeout = healthTimeout;
    }

    /** The rules of {@code family} match the current state: clears any queued update. */
    public synchronized void updated(IpFamily family) {
        oldestPendingQueued.remove(family);
        lastUpdated.put(family, clock.instant());
    }

    /** A change for {@code family} awaits a sync; only the oldest pending one counts. */
    public synchronized void queuedUpdate(IpFamily family) {
        oldestPendingQueued.putIfAbsent(family, clock.instant());
    }

    /** The health of every family that has reported {@link #updated}, as of now. */
    public synchronized HealthReport report() {
        Instant now = clock.instant();
        Map<IpFamily, HealthReport.FamilyHealth> status = new EnumMap<>(IpFamily.class);
        Instant newest = HealthReport.NEVER;
        for (Map.Entry<IpFamily, Instant> entry : lastUpdated.entrySet()) {
            Instant updatedAt = entry.getValue();
            newest = updatedAt.isAfter(newest) ? updatedAt : newest;
            status.put(entry.getKey(), new HealthReport.FamilyHealth(updatedAt, !isLate(entry.getKey(), now)));
        }
        return new HealthReport(newest, now, status);
    }

    public boolean isHealthy() {
        return report().healthy();
    }

    private boolean isLate(IpFamily family, Instant now) {
        Instant queued = oldestPendingQueued.get(family);
        return queued != null && Duration.between(queued, now).compareTo(healthTimeout) >= 0;
    }
}
