package dev.junction.iptables.trace;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;

/**
 * The first packet of a connection, as the tracer follows it.
 *
 * @param origin where it comes from: the node's own processes enter through nat OUTPUT, pods and outside clients
 *               through nat PREROUTING
 */
public record Packet(IpAddress source, IpAddress destination, int port, Protocol protocol, Origin origin) {

    public Packet {
        if (source.family() != destination.family()) {
            throw new IllegalArgumentException("packet from " + source + " to " + destination
                    + " (expected: source and destination of one family)");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("packet to " + destination + " port " + port + " (expected: 1-65535)");
        }
    }

    /** Where a packet enters the node's netfilter hooks from. */
    public enum Origin {
        /** A pod on this node (or on another node, routed through this one). */
        POD,
        /** A process of this node, in the host network namespace. */
        NODE,
        /** A client outside the cluster. */
        EXTERNAL
    }
}
