package dev.junction.core.sync;

import java.time.Duration;

/**
 * How often the sync loop may and must run: the intervals of kube-proxy's {@code BoundedFrequencyRunner}.
 *
 * @param minSyncPeriod at least this long from the end of one sync to the start of the next; zero means no limit
 * @param syncPeriod     at most this long without a sync; also caps the retry backoff
 * @param retryInterval  the delay before retrying a failed sync, doubled after every further failure up to
 *                       {@code syncPeriod}
 * @param fullSyncPeriod at most this long without a FULL sync (kube-proxy's {@code FullSyncPeriod}, an hour): at
 *                       10,000 Services a full iptables sync takes seconds, so periodic syncs are partial
 */
public record SyncTiming(Duration minSyncPeriod, Duration syncPeriod, Duration retryInterval,
        Duration fullSyncPeriod) {

    /** The first retry delay unless the sync period is shorter. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
    /** kube-proxy's {@code proxyutil.FullSyncPeriod}. */
    public static final Duration FULL_SYNC_PERIOD = Duration.ofHours(1);

    public SyncTiming {
        if (syncPeriod.isNegative() || syncPeriod.isZero()) {
            throw new IllegalArgumentException("syncPeriod " + syncPeriod + " (expected: positive)");
        }
        if (minSyncPeriod.isNegative() || minSyncPeriod.compareTo(syncPeriod) > 0) {
            throw new IllegalArgumentException(
                    "minSyncPeriod " + minSyncPeriod + " (expected: 0 to syncPeriod " + syncPeriod + ")");
        }
        if (retryInterval.isNegative() || retryInterval.isZero() || retryInterval.compareTo(syncPeriod) > 0) {
            throw new IllegalArgumentException(
                    "retryInterval " + retryInterval + " (expected: positive, at most syncPeriod " + syncPeriod + ")");
        }
        if (fullSyncPeriod.compareTo(syncPeriod) < 0) {
            throw new IllegalArgumentException(
                    "fullSyncPeriod " + fullSyncPeriod + " (expected: at least syncPeriod " + syncPeriod + ")");
        }
    }

    /**
     * kube-proxy's two knobs, retrying after {@link #DEFAULT_RETRY_INTERVAL} (or {@code syncPeriod} if shorter), a
     * full sync every {@link #FULL_SYNC_PERIOD} (or {@code syncPeriod} if longer).
     */
    public static SyncTiming of(Duration minSyncPeriod, Duration syncPeriod) {
        Duration retry = DEFAULT_RETRY_INTERVAL.compareTo(syncPeriod) < 0 ? DEFAULT_RETRY_INTERVAL : syncPeriod;
        Duration full = FULL_SYNC_PERIOD.compareTo(syncPeriod) > 0 ? FULL_SYNC_PERIOD : syncPeriod;
        return new SyncTiming(minSyncPeriod, syncPeriod, retry, full);
    }

    /** How long a queued update may wait before health checks fail: 2 × syncPeriod, as kube-proxy's server.go. */
    public Duration healthTimeout() {
        return syncPeriod.multipliedBy(2);
    }
}
