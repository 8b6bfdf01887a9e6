package dev.junction.dns.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** A reply's message, for the length prepender in front of it. Shared. */
@Sharable
final class TcpReplyEncoder extends MessageToMessageEncoder<DnsReply> {

    @Override
    protected void encode(ChannelHandlerContext ctx, DnsReply reply, List<Object> out) {
        out.add(reply.content().retain());
    }
}
