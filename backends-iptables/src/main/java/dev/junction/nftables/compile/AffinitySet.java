package dev.junction.nftables.compile;

/**
 * The set of client addresses one endpoint serves under ClientIP affinity; each entry expires after the Service's
 * {@code sessionAffinityConfig.clientIP.timeoutSeconds}.
 */
public record AffinitySet(String name, int timeoutSeconds) {
}
