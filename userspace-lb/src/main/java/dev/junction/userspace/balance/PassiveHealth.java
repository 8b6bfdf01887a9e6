package dev.junction.userspace.balance;

/**
 * The passive health of one endpoint: a small state machine fed with connect outcomes and the time they happened (from
 * an injected ticker, in nanoseconds), so that tests drive it without sleeping. Thread-safe: connections on any event
 * loop report to it.
 */
public final class PassiveHealth {

    /** What a reported outcome did to the endpoint, so the caller can count ejections once. */
    public enum Transition {
        NONE,
        EJECTED
    }

    private final HealthPolicy policy;
    private int consecutiveFailures;
    private boolean ejected;
    private long ejectedUntilNanos;

    PassiveHealth(HealthPolicy policy) {
        this.policy = policy;
    }

    /** Whether new connections may use the endpoint at {@code nowNanos}; an elapsed ejection re-admits it. */
    public synchronized boolean isAvailable(long nowNanos) {
        if (ejected && nowNanos - ejectedUntilNanos >= 0) {
            ejected = false;
        }
        return !ejected;
    }

    public synchronized void recordSuccess() {
        consecutiveFailures = 0;
    }

    /** Counts a failed connect; the threshold-th failure in a row ejects the endpoint for the cooldown. */
    public synchronized Transition recordFailure(long nowNanos) {
        if (ejected) {
            return Transition.NONE;
        }
        consecutiveFailures++;
        if (consecutiveFailures < policy.failureThreshold()) {
            return Transition.NONE;
        }
        consecutiveFailures = 0;
        ejected = true;
        ejectedUntilNanos = nowNanos + policy.cooldown().toNanos();
        return Transition.EJECTED;
    }
}
