package dev.junction.dns.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last inbound handler. A TCP connection that fails or stays idle is closed; the UDP channel stays open whatever
 * happens, since it serves every client and one bad packet must not stop the others. Shared.
 */
@Sharable
final class ErrorHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    private final Transport transport;

    ErrorHandler(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("dns {} channel error remote={} reason={}", transport.tag(), ctx.channel().remoteAddress(),
                cause.toString());
        if (transport == Transport.TCP) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
