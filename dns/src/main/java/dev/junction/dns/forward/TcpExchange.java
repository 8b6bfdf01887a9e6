package dev.junction.dns.forward;

import dev.junction.dns.transport.SocketTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One query over a fresh TCP connection (used after a truncated UDP reply): connect, send the length-prefixed query,
 * take the first reply, close. The future completes with the reply (the caller owns it) or with the failure.
 */
final class TcpExchange {

    private TcpExchange() {
    }

    static CompletableFuture<ByteBuf> ask(SocketTransport transport, EventLoopGroup group, InetSocketAddress upstream,
            ByteBuf query, Duration timeout) {
        CompletableFuture<ByteBuf> reply = new CompletableFuture<>();
        ChannelFuture connect = new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS),
                                new LengthFieldPrepender(2),
                                new LengthFieldBasedFrameDecoder(65_537, 0, 2, 0, 2),
                                new FirstReply(reply));
                    }
                })
                .connect(upstream);
        connect.addListener(done -> {
            if (done.isSuccess()) {
                connect.channel().writeAndFlush(query);
            } else {
                query.release();
                reply.completeExceptionally(done.cause());
            }
        });
        return reply;
    }

    /** Completes the future with the first frame and closes; a failure or a close before it fails the future. */
    private static final class FirstReply extends SimpleChannelInboundHandler<ByteBuf> {

        private final CompletableFuture<ByteBuf> reply;

        FirstReply(CompletableFuture<ByteBuf> reply) {
            this.reply = reply;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            if (!reply.complete(frame.retain())) {
                frame.release();
            }
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reply.completeExceptionally(new UpstreamException("connection closed before a reply"));
        }
    }
}
