package dev.junction.core.health;

import dev.junction.core.net.IpFamily;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One reading of {@link ProxyHealth}.
 *
 * @param lastUpdated the newest successful sync of any family; {@link #NEVER} before the first
 * @param currentTime when this reading was taken
 * @param status      every family that has synced at least once
 */
public record HealthReport(Instant lastUpdated, Instant currentTime, Map<IpFamily, FamilyHealth> status) {

    /** Go's zero time, which kube-proxy prints for "never". */
    public static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    public HealthReport {
        EnumMap<IpFamily, FamilyHealth> sorted = new EnumMap<>(IpFamily.class);
        sorted.putAll(status);
        status = Collections.unmodifiableMap(sorted);
    }

    /** One family's last successful sync, and whether no update has waited longer than the health timeout. */
    public record FamilyHealth(Instant lastUpdated, boolean healthy) {
    }

    /** Healthy when every family is. */
    public boolean healthy() {
        return status.values().stream().allMatch(FamilyHealth::healthy);
    }
}
