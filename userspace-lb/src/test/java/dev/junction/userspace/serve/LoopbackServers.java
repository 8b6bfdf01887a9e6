package dev.junction.userspace.serve;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.junction.core.snapshot.Endpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Endpoints on 127.0.0.1 port 0 for whole-listener tests, on their own event loop: greeters that send their name on
 * connect and then echo, and pod-like servers that answer with their name only once the request has ended (as the
 * kernel tests' socat pods do). Close it after each test.
 */
final class LoopbackServers implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Channel> servers = new ArrayList<>();

    /** Sends {@code name + "\n"} on connect, then echoes; answers end of input with its own. */
    Endpoint greeter(String name) {
        return listen(name, true);
    }

    /** Reads the whole request, then answers {@code name + "\n"} and closes. */
    Endpoint answersAtEndOfRequest(String name) {
        return listen(name, false);
    }

    private Endpoint listen(String name, boolean greet) {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                        ch.pipeline().addLast(new NamedServer(name, greet));
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        servers.add(server);
        return ServeFixtures.endpoint(ServeFixtures.LOOPBACK, ((InetSocketAddress) server.localAddress()).getPort());
    }

    @Override
    public void close() {
        servers.forEach(server -> server.close().syncUninterruptibly());
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class NamedServer extends ChannelInboundHandlerAdapter {
        private final String name;
        private final boolean greet;

        NamedServer(String name, boolean greet) {
            this.name = name;
            this.greet = greet;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (greet) {
                ctx.writeAndFlush(line(name));
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (greet) {
                ctx.writeAndFlush(msg);
            } else {
                ((ByteBuf) msg).release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (!(event instanceof ChannelInputShutdownEvent)) {
                ctx.fireUserEventTriggered(event);
            } else if (greet) {
                ((DuplexChannel) ctx.channel()).shutdownOutput();
            } else {
                ctx.writeAndFlush(line(name)).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static ByteBuf line(String text) {
            return Unpooled.copiedBuffer(text + "\n", US_ASCII);
        }
    }
}
