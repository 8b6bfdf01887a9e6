package dev.junction.core.model;

/** {@code spec.externalTrafficPolicy} and {@code spec.internalTrafficPolicy}. */
public enum TrafficPolicy {
    CLUSTER,
    LOCAL;

    /** Parses the API spelling; absent means Cluster. */
    public static TrafficPolicy parse(String field, String text) {
        if (text == null || text.isEmpty() || text.equals("Cluster")) {
            return CLUSTER;
        }
        if (text.equals("Local")) {
            return LOCAL;
        }
        throw new IllegalArgumentException(field + " \"" + text + "\" (expected: Cluster or Local)");
    }
}
