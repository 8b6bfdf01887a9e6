package dev.junction.dns.server;

import dev.junction.dns.wire.Inbound;
import java.net.InetSocketAddress;

/**
 * A received packet, decoded, on its way through the pipeline; holds no buffers.
 *
 * @param sender        where the reply goes over UDP; for TCP the peer, only for logs (null when unknown)
 * @param receivedNanos {@link System#nanoTime()} on arrival, for the latency histogram
 */
record DnsRequest(Inbound inbound, Transport transport, InetSocketAddress sender, long receivedNanos) {
}
