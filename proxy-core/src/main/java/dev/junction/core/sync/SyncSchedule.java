package dev.junction.core.sync;

import dev.junction.core.backend.SyncScope;

/**
 * When the sync loop runs next and with which scope: the decisions of kube-proxy's {@code BoundedFrequencyRunner}
 * and its proxiers' {@code needFullSync}, as a pure state machine over a monotonic time in nanoseconds.
 *
 * <ul>
 *   <li>Requests are coalesced: any number before a sync starts cause one sync.</li>
 *   <li>At least {@code minSyncPeriod} passes from the end of a sync to the start of the next.</li>
 *   <li>A sync runs at the latest {@code syncPeriod} after the previous one ended, requested or not.</li>
 *   <li>A failed sync is retried at the latest after a backoff: the retry interval, doubled per consecutive failure
 *       up to {@code syncPeriod} (the runner's retry interval is fixed). As with the runner, a request made meanwhile
 *       runs sooner, {@code minSyncPeriod} after the failure, since the change may be what repairs the sync.</li>
 *   <li>The scope is FULL for the first sync, after a failure, on request, and when the last full sync started
 *       {@code fullSyncPeriod} ago or more (kube-proxy's hour); PARTIAL otherwise, periodic syncs included.</li>
 *   <li>Nothing runs before the source has synced: the schedule then polls every retry interval.</li>
 * </ul>
 *
 * <p>Not thread-safe: the sync loop calls it under its lock.
 */
final class SyncSchedule {

    /** What the loop does next. */
    sealed interface Decision permits Run, Wait {
    }

    /** Sync now with this scope. */
    record Run(SyncScope scope) implements Decision {
    }

    /** Sleep until this time, or until a request arrives, then ask again. */
    record Wait(long untilNanos) implements Decision {
    }

    private final long minSyncPeriod;
    private final long syncPeriod;
    private final long fullSyncPeriod;
    private final long retryInterval;

    /** A first sync is wanted as soon as the source has synced, whether or not it says so. */
    private boolean requested = true;
    private boolean fullRequested;
    private boolean hasSucceeded;
    private boolean lastFailed;
    private long backoff;
    private long earliestStart;
    private long periodicAt;
    private long retryAt;
    private long runStart;
    private long lastFullStart;

    SyncSchedule(SyncTiming timing, long now) {
        this.minSyncPeriod = timing.minSyncPeriod().toNanos();
        this.syncPeriod = timing.syncPeriod().toNanos();
        this.fullSyncPeriod = timing.fullSyncPeriod().toNanos();
        this.retryInterval = timing.retryInterval().toNanos();
        this.earliestStart = now;
        this.periodicAt = now + syncPeriod;
    }

    /** Some state changed: sync soon. */
    void requestSync() {
        requested = true;
    }

    /** The data plane may have lost rules (a canary chain vanished): sync soon, and fully. */
    void requestFullSync() {
        requested = true;
        fullRequested = true;
    }

    /** Decides at {@code now}. A {@link Run} means the sync has started: report its end to one of the callbacks. */
    Decision next(long now, boolean sourceSynced) {
        long dueAt = requested ? earliestStart : Math.max(earliestStart, lastFailed ? retryAt : periodicAt);
        if (now - dueAt < 0) {
            return new Wait(dueAt);
        }
        if (!sourceSynced) {
            return new Wait(now + retryInterval);
        }
        SyncScope scope = isFullDue(now) ? SyncScope.FULL : SyncScope.PARTIAL;
        requested = false;
        fullRequested = false;
        runStart = now;
        return new Run(scope);
    }

    /** The sync started by the last {@link Run} applied {@code applied} (a backend may widen PARTIAL to FULL). */
    void succeeded(long now, SyncScope applied) {
        hasSucceeded = true;
        lastFailed = false;
        backoff = 0;
        if (applied == SyncScope.FULL) {
            lastFullStart = runStart;
        }
        earliestStart = now + minSyncPeriod;
        periodicAt = now + syncPeriod;
    }

    /**
     * The sync started by the last {@link Run} failed. Returns the delay before the retry unless a request comes
     * first, in nanoseconds.
     */
    long failed(long now) {
        lastFailed = true;
        backoff = backoff == 0 ? retryInterval : Math.min(backoff * 2, syncPeriod);
        earliestStart = now + minSyncPeriod;
        retryAt = now + backoff;
        periodicAt = now + syncPeriod;
        return Math.max(minSyncPeriod, backoff);
    }

    private boolean isFullDue(long now) {
        return !hasSucceeded || lastFailed || fullRequested || now - lastFullStart >= fullSyncPeriod;
    }
}
