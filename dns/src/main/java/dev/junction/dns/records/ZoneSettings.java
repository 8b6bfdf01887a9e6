package dev.junction.dns.records;

import java.util.Locale;

/**
 * How the cluster zone is answered.
 *
 * @param domain     the cluster domain, such as {@code cluster.local}, stored absolute and lower-case
 *                   ({@code cluster.local.})
 * @param ttl        seconds, 0-3600, for every record except {@code dns-version}
 * @param podRecords whether pod names are answered
 */
public record ZoneSettings(String domain, long ttl, PodRecords podRecords) {

    public static final String DEFAULT_DOMAIN = "cluster.local";
    /** The kubernetes plugin's default TTL (kubeadm's Corefile sets 30). */
    public static final long DEFAULT_TTL = 5;

    public ZoneSettings {
        domain = absolute(domain);
        if (ttl < 0 || ttl > 3600) {
            throw new IllegalArgumentException("ttl " + ttl + " (expected: 0-3600 seconds)");
        }
    }

    public static ZoneSettings defaults() {
        return new ZoneSettings(DEFAULT_DOMAIN, DEFAULT_TTL, PodRecords.DISABLED);
    }

    private static String absolute(String domain) {
        String lower = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
        String name = lower.endsWith(".") ? lower : lower + ".";
        if (name.equals(".") || name.startsWith(".") || name.contains("..")) {
            throw new IllegalArgumentException("cluster domain \"" + domain + "\" (expected: a domain such as "
                    + DEFAULT_DOMAIN + ")");
        }
        return name;
    }
}
