package dev.junction.dns.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** A reply to a datagram addressed to the sender. Shared. */
@Sharable
final class UdpReplyEncoder extends MessageToMessageEncoder<DnsReply> {

    @Override
    protected void encode(ChannelHandlerContext ctx, DnsReply reply, List<Object> out) {
        out.add(new DatagramPacket(reply.content().retain(), reply.request().sender()));
    }
}
