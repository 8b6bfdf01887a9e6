package dev.junction.core.conntrack;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;

/**
 * One conntrack entry as the kernel reports it: the tuple of the first packet ({@code original}) and the tuple a
 * reply is expected to carry ({@code reply}). For a flow DNAT'ed to a Service endpoint, the reply source is the
 * endpoint; for a flow that was never DNAT'ed it is the original destination.
 *
 * <p>The kernel identifies an entry by its original tuple, which is what {@link Conntrack#delete} sends.
 */
public record ConntrackFlow(Protocol protocol, Tuple original, Tuple reply) {

    public ConntrackFlow {
        if (protocol == null || original == null || reply == null) {
            throw new IllegalArgumentException("conntrack flow: protocol, original and reply tuples must be set");
        }
        if (original.family() != reply.family()) {
            throw new IllegalArgumentException("conntrack flow " + original + " / " + reply
                    + ": reply tuple family " + reply.family() + " (expected: " + original.family() + ")");
        }
    }

    public IpFamily family() {
        return original.family();
    }

    /**
     * One direction of a flow.
     *
     * @param sourcePort      0-65535
     * @param destinationPort 0-65535
     */
    public record Tuple(IpAddress source, int sourcePort, IpAddress destination, int destinationPort) {

        public Tuple {
            if (source == null || destination == null) {
                throw new IllegalArgumentException("conntrack tuple: source and destination addresses must be set");
            }
            if (source.family() != destination.family()) {
                throw new IllegalArgumentException("conntrack tuple " + source + " -> " + destination
                        + ": destination family " + destination.family() + " (expected: " + source.family() + ")");
            }
            checkPort("source port", sourcePort);
            checkPort("destination port", destinationPort);
        }

        public IpFamily family() {
            return source.family();
        }

        private static void checkPort(String field, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("conntrack tuple " + field + " " + port + " (expected: 0-65535)");
            }
        }

        @Override
        public String toString() {
            return hostPort(source, sourcePort) + "->" + hostPort(destination, destinationPort);
        }

        private static String hostPort(IpAddress ip, int port) {
            return ip.family() == IpFamily.IPV6 ? "[" + ip + "]:" + port : ip + ":" + port;
        }
    }

    @Override
    public String toString() {
        return protocol.lowerCase() + " " + original + " reply " + reply;
    }
}
