package dev.junction.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The conntrack sysctls Junction sets at start-up, as kube-proxy's {@code conntrack.*}. A zero count or timeout
 * leaves the kernel's value as it is.
 *
 * @param maxPerCore            {@code nf_conntrack_max} per CPU (default 32768; 0 leaves the limit and ignores min)
 * @param min                   the lower bound of {@code nf_conntrack_max} (default 131072)
 * @param tcpEstablishedTimeout idle timeout of established TCP entries (default 24h)
 * @param tcpCloseWaitTimeout   timeout of TCP entries in CLOSE_WAIT (default 1h)
 * @param tcpBeLiberal          mark out-of-window TCP packets valid instead of INVALID (default false)
 * @param udpTimeout            timeout of unreplied UDP entries (default 0: unchanged)
 * @param udpStreamTimeout      timeout of assured UDP entries (default 0: unchanged)
 */
public record ConntrackSettings(
        int maxPerCore,
        int min,
        Duration tcpEstablishedTimeout,
        Duration tcpCloseWaitTimeout,
        boolean tcpBeLiberal,
        Duration udpTimeout,
        Duration udpStreamTimeout) {

    public ConntrackSettings {
        Objects.requireNonNull(tcpEstablishedTimeout, "tcpEstablishedTimeout");
        Objects.requireNonNull(tcpCloseWaitTimeout, "tcpCloseWaitTimeout");
        Objects.requireNonNull(udpTimeout, "udpTimeout");
        Objects.requireNonNull(udpStreamTimeout, "udpStreamTimeout");
    }

    /** kube-proxy's {@code nf_conntrack_max}: {@code max(maxPerCore × cpus, min)}, or 0 (unchanged). */
    public int conntrackMax(int cpus) {
        return maxPerCore == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max((long) maxPerCore * cpus, min));
    }
}
