package dev.junction.dns.forward;

/** What the forwarder reports; the server's metrics implement it. Called from event loops: must not block. */
public interface ForwardMetrics {

    void cacheHit();

    void cacheMiss();

    /** @param reason timeout, io, mismatch or overload */
    void upstreamError(String reason);
}
