package dev.junction.userspace.tcp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeout of a spliced client connection. Spliced bytes never pass through the pipeline, so an
 * {@code IdleStateHandler} would see none; this timer asks the kernel instead ({@code TCP_INFO}: milliseconds since
 * data was last received from and sent to the client) and fires {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} once both
 * are at least the timeout, which the {@link RelayHandler} answers by closing both sides. It checks once per timeout,
 * and again when the connection would reach it.
 */
final class SplicedIdleTimer extends ChannelInboundHandlerAdapter {

    private final long timeoutMillis;
    private ScheduledFuture<?> check;

    SplicedIdleTimer(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        schedule(ctx, timeoutMillis);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        check.cancel(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        check.cancel(false);
        ctx.fireChannelInactive();
    }

    private void schedule(ChannelHandlerContext ctx, long delayMillis) {
        check = ctx.executor().schedule(() -> check(ctx), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        EpollTcpInfo info = ((EpollSocketChannel) ctx.channel()).tcpInfo();
        long idleMillis = Math.min(info.lastDataRecv(), info.lastDataSent());
        if (idleMillis >= timeoutMillis) {
            ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        } else {
            schedule(ctx, timeoutMillis - idleMillis);
        }
    }
}
