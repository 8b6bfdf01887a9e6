package dev.junction.userspace.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what a socket reads before its relay runs, first in its pipeline. Native epoll reads a socket whose peer shut
 * its output down (EPOLLRDHUP) even with auto-read off: a client that sends its request and half-closes at once is read
 * before an endpoint answers, and an endpoint that answers and closes at once can be read while a {@link SplicedRelay}
 * takes its socket over. Those reads (one read loop's worth at most: nothing else triggers a read) and the end of
 * input go to the relay, in order.
 */
final class EarlyInput extends ChannelInboundHandlerAdapter {

    private final List<ByteBuf> reads = new ArrayList<>();
    private boolean ended;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reads.add((ByteBuf) msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            ended = true;
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        reads.forEach(ByteBuf::release);
        reads.clear();
    }

    /**
     * Puts {@code relay} where the channel's EarlyInput was, replays what it kept through the pipeline and starts
     * reading; a channel whose input has ended is told so instead (epoll cannot re-arm reading on a socket whose input
     * is shut: epoll_ctl fails with ENOENT and closes it).
     */
    static void handOver(Channel channel, ChannelHandler relay) {
        ChannelPipeline pipeline = channel.pipeline();
        EarlyInput early = pipeline.get(EarlyInput.class);
        List<ByteBuf> kept = List.copyOf(early.reads);
        early.reads.clear();
        pipeline.replace(early, "relay", relay);
        kept.forEach(pipeline::fireChannelRead);
        if (!kept.isEmpty()) {
            pipeline.fireChannelReadComplete();
        }
        if (early.ended) {
            pipeline.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        } else {
            channel.config().setAutoRead(true);
        }
    }

    /** Leaves the channel's pipeline with the bytes it kept, in order; the channel must no longer read. */
    static Kept remove(Channel channel) {
        EarlyInput early = channel.pipeline().get(EarlyInput.class);
        int length = early.reads.stream().mapToInt(ByteBuf::readableBytes).sum();
        byte[] bytes = new byte[length];
        int offset = 0;
        for (ByteBuf read : early.reads) {
            int readable = read.readableBytes();
            read.readBytes(bytes, offset, readable);
            offset += readable;
        }
        channel.pipeline().remove(early);
        return new Kept(bytes, early.ended);
    }

    /** What a channel read before its relay, and whether its input had ended. */
    record Kept(byte[] bytes, boolean ended) {
    }
}
