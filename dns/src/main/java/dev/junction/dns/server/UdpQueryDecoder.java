package dev.junction.dns.server;

import dev.junction.dns.wire.Inbound;
import dev.junction.dns.wire.QueryDecoder;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Datagrams to {@link DnsRequest}s; drops what deserves no answer. Stateless and shared. */
@Sharable
final class UdpQueryDecoder extends MessageToMessageDecoder<DatagramPacket> {

    private static final Logger log = LoggerFactory.getLogger(UdpQueryDecoder.class);

    private final DnsMetrics metrics;

    UdpQueryDecoder(DnsMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        Inbound inbound = QueryDecoder.decode(packet.content());
        if (inbound instanceof Inbound.Drop drop) {
            log.debug("query dropped from={} reason={}", packet.sender(), drop.reason());
            metrics.dropped(Transport.UDP);
            return;
        }
        out.add(new DnsRequest(inbound, Transport.UDP, packet.sender(), System.nanoTime()));
    }
}
