package dev.junction.userspace.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.PortUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint side of one {@link UdpFlow}: hands each datagram from the endpoint to the flow, which writes it to the
 * client, and closes the flow when it has been idle or when the endpoint answers with an ICMP port unreachable.
 */
final class UdpReplyHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(UdpReplyHandler.class);

    private final UdpFlow flow;

    UdpReplyHandler(UdpFlow flow) {
        this.flow = flow;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case DatagramPacket packet -> flow.reply(packet.content());
            case ByteBuf payload -> flow.reply(payload);
            default -> ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flow.flushReplies();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            flow.endpointFailed(cause);
        } else {
            // A flow's socket is the flow's own: closing it on an error affects no other client.
            LOG.debug("{} flow socket failed, closing it cause={}", flow, cause.toString());
            ctx.close();
        }
    }
}
