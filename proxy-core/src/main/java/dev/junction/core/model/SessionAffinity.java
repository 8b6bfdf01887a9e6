package dev.junction.core.model;

/**
 * {@code spec.sessionAffinity} with its timeout. {@link #NONE} when affinity is off; otherwise ClientIP affinity that
 * keeps a client on one endpoint for {@code timeoutSeconds} after its last packet (default 10800, as the API server
 * defaults it).
 */
public record SessionAffinity(boolean clientIp, int timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 10_800;
    public static final SessionAffinity NONE = new SessionAffinity(false, 0);

    public SessionAffinity {
        if (clientIp && (timeoutSeconds < 1 || timeoutSeconds > 86_400)) {
            throw new IllegalArgumentException(
                    "sessionAffinityConfig.clientIP.timeoutSeconds " + timeoutSeconds + " (expected: 1-86400)");
        }
        if (!clientIp && timeoutSeconds != 0) {
            throw new IllegalArgumentException("a timeout needs ClientIP affinity");
        }
    }

    public static SessionAffinity clientIp(int timeoutSeconds) {
        return new SessionAffinity(true, timeoutSeconds);
    }
}
