package dev.junction.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the backend writes and refreshes its rules. A KubeProxyConfiguration file keeps these per mode ({@code
 * iptables.*}, {@code nftables.*}, {@code ipvs.*}); this holds the values for the mode in use.
 *
 * @param masqueradeAll      SNAT all traffic sent to ClusterIPs ({@code --masquerade-all})
 * @param masqueradeBit      the fwmark bit that marks packets for SNAT, 0-31 (default 14, mark {@code 0x4000})
 * @param localhostNodePorts serve NodePorts on 127.0.0.1 (iptables mode, IPv4 only; default true)
 * @param syncPeriod         the longest time between two full syncs (default 30s; always positive)
 * @param minSyncPeriod      the shortest time between two syncs (default 1s; 0 syncs on every change)
 */
public record RuleSettings(
        boolean masqueradeAll,
        int masqueradeBit,
        boolean localhostNodePorts,
        Duration syncPeriod,
        Duration minSyncPeriod) {

    public RuleSettings {
        Objects.requireNonNull(syncPeriod, "syncPeriod");
        Objects.requireNonNull(minSyncPeriod, "minSyncPeriod");
    }

    /** The fwmark value that marks a packet for masquerading, {@code 1 << masqueradeBit}. */
    public int masqueradeMark() {
        return 1 << masqueradeBit;
    }
}
