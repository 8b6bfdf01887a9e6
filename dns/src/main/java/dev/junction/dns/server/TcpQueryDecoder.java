package dev.junction.dns.server;

import dev.junction.dns.wire.Inbound;
import dev.junction.dns.wire.QueryDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Frames (the 2-octet length already removed) to {@link DnsRequest}s; drops what deserves no answer. Shared. */
@Sharable
final class TcpQueryDecoder extends MessageToMessageDecoder<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(TcpQueryDecoder.class);

    private final DnsMetrics metrics;

    TcpQueryDecoder(DnsMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        Inbound inbound = QueryDecoder.decode(frame);
        // Replies go back on the connection; the address is only for logs (absent on an embedded channel).
        InetSocketAddress sender = ctx.channel().remoteAddress() instanceof InetSocketAddress remote ? remote : null;
        if (inbound instanceof Inbound.Drop drop) {
            log.debug("query dropped from={} reason={}", sender, drop.reason());
            metrics.dropped(Transport.TCP);
            return;
        }
        out.add(new DnsRequest(inbound, Transport.TCP, sender, System.nanoTime()));
    }
}
