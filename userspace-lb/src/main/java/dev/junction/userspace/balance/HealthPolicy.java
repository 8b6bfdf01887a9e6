package dev.junction.userspace.balance;

import java.time.Duration;

/**
 * Passive health: an endpoint that fails {@code failureThreshold} connects in a row is ejected for {@code cooldown},
 * then re-admitted with a clean record.
 */
public record HealthPolicy(int failureThreshold, Duration cooldown) {

    public static final HealthPolicy DEFAULT = new HealthPolicy(3, Duration.ofSeconds(10));

    public HealthPolicy {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold " + failureThreshold + " (expected: >= 1)");
        }
        if (cooldown.isNegative() || cooldown.isZero()) {
            throw new IllegalArgumentException("cooldown " + cooldown + " (expected: > 0)");
        }
    }
}
