package dev.junction.userspace.udp;

import java.time.Duration;

/**
 * How the UDP proxy treats flows: the datagrams of one client address and port, relayed to one endpoint through their
 * own socket.
 *
 * @param idleTimeout        a flow with no datagram in either direction for this long is closed; 30 s by default, the
 *                           kernel's {@code nf_conntrack_udp_timeout}, so a flow lives as long as its conntrack entry
 *                           would in the iptables mode
 * @param maxFlows           flows one listener may hold; a datagram that would open one more is dropped and counted
 * @param maxPendingDatagrams datagrams a flow queues while its socket to the endpoint opens; more are dropped
 */
public record UdpProxySettings(Duration idleTimeout, int maxFlows, int maxPendingDatagrams) {

    public static final UdpProxySettings DEFAULT = new UdpProxySettings(Duration.ofSeconds(30), 16_384, 16);

    public UdpProxySettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout " + idleTimeout + " (expected: > 0)");
        }
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows " + maxFlows + " (expected: >= 1)");
        }
        if (maxPendingDatagrams < 1) {
            throw new IllegalArgumentException("maxPendingDatagrams " + maxPendingDatagrams + " (expected: >= 1)");
        }
    }
}
