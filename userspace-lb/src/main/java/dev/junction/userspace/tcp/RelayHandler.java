package dev.junction.userspace.tcp;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies bytes from its channel to the peer channel: one instance on the client side, one on the endpoint side. Both
 * channels allow half-closure and run on the same event loop.
 *
 * <p>Backpressure: when the peer cannot take more ({@code !peer.isWritable()}, above its write-buffer high water mark)
 * this channel stops reading; when this channel becomes writable again, the peer resumes reading. So each direction
 * buffers at most about one high water mark plus one read, however slow the other end is.
 *
 * <p>Half-close: end of input here shuts the peer's output down once the bytes before it are flushed, and from then on
 * the peer's own end of input closes it (Netty would otherwise shut its input too, a system call and, on a socket the
 * kernel has already released, an exception). When the peer's input had already ended, both are closed once flushed.
 * Closing either side closes the other after a flush. Messages are {@link ByteBuf}s whose ownership passes to the
 * peer's write. Every read batch counts as activity for the connection's {@link RelayIdleTimer}.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);

    private final Channel peer;
    private final Counter bytes;
    private final RelayIdleTimer idle;
    private final RelayName logContext;

    /**
     * @param bytes      counts the bytes read here (and so written to the peer)
     * @param idle       the connection's idle timer, shared with the peer's handler
     * @param logContext the Service port and side, for the DEBUG lines
     */
    RelayHandler(Channel peer, Counter bytes, RelayIdleTimer idle, RelayName logContext) {
        this.peer = peer;
        this.bytes = bytes;
        this.idle = idle;
        this.logContext = logContext;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            bytes.increment(buf.readableBytes());
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        idle.touch();
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            if (isInputShutdown(peer)) {
                // Both directions have ended: close both once flushed, rather than relaying this half-close too
                // (a shutdown costs Netty an exception with a stack trace, and this is every connection's end).
                closeAfterFlush(peer);
                closeAfterFlush(ctx.channel());
                return;
            }
            shutdownOutput(peer);
            if (isOutputShutdown(ctx.channel())) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeAfterFlush(peer);
        idle.sideClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and timeouts are routine for a proxy: DEBUG, once, and both sides go.
        LOG.debug("{} relay failed, closing both sides channel={} cause={}", logContext, ctx.channel(),
                cause.toString());
        ctx.close();
    }

    private static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            whenFlushed(channel, channel::close);
        }
    }

    private static void shutdownOutput(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        whenFlushed(channel, () -> {
            if (channel instanceof DuplexChannel duplex) {
                shutdownFlushedOutput(duplex);
            } else {
                channel.close();
            }
        });
    }

    /**
     * On epoll and io_uring, shuts the socket's output down with the socket's own call: Netty's
     * {@code shutdownOutput} builds an exception with a stack trace on every call, to fail queued writes, and here
     * nothing is queued and nothing will be (the input this relays has ended). That exception was the largest single
     * cost of the proxy's own code per connection.
     */
    private static void shutdownFlushedOutput(DuplexChannel channel) {
        if (channel instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            try {
                socket.shutdown(false, true);
            } catch (IOException e) {
                channel.pipeline().fireExceptionCaught(e);
                return;
            }
            outputShutDown(channel);
        } else {
            channel.shutdownOutput().addListener(done -> outputShutDown(channel));
        }
    }

    /** From now on the peer's own end of input closes it (without Netty shutting its input down first). */
    private static void outputShutDown(DuplexChannel channel) {
        if (channel.isInputShutdown()) {
            channel.close();
        } else {
            channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        }
    }

    /**
     * Runs {@code then} once every byte written to {@code channel} so far has gone out: at once when none is queued,
     * which saves io_uring a zero-length send per connection end.
     */
    private static void whenFlushed(Channel channel, Runnable then) {
        ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
        if (queued == null || queued.totalPendingWriteBytes() == 0) {
            then.run();
        } else {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> then.run());
        }
    }

    private static boolean isInputShutdown(Channel channel) {
        return channel instanceof DuplexChannel duplex && duplex.isInputShutdown();
    }

    private static boolean isOutputShutdown(Channel channel) {
        return channel instanceof DuplexChannel duplex && duplex.isOutputShutdown();
    }
}
