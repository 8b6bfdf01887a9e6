package dev.junction.userspace.serve;

import dev.junction.core.net.IpFamily;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The event loops and server socket class of the listeners: native epoll where the machine has it, else NIO (where
 * {@link OriginalDestination} cannot be asked, so redirected connections all count as ClusterIP traffic). The endpoint
 * side of each connection uses the same loops and transport (see the tcp package). Close it last.
 */
public final class ListenerTransport implements AutoCloseable {

    /** An IPv6 wildcard listener must leave the IPv4 wildcard on the same port to the IPv4 listener. */
    private static final IntegerUnixChannelOption IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    private final EventLoopGroup group;
    private final Class<? extends ServerChannel> serverChannel;
    private final boolean epoll;

    private ListenerTransport(EventLoopGroup group, Class<? extends ServerChannel> serverChannel, boolean epoll) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.epoll = epoll;
    }

    /** @param threads event loop threads; one per core serves best */
    public static ListenerTransport create(int threads) {
        if (Epoll.isAvailable()) {
            return new ListenerTransport(new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory()),
                    EpollServerSocketChannel.class, true);
        }
        return new ListenerTransport(new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory()),
                NioServerSocketChannel.class, false);
    }

    EventLoopGroup group() {
        return group;
    }

    /** Starts binding {@code address}; the future fails with the cause when the address is taken. */
    ChannelFuture bind(InetSocketAddress address, IpFamily family, ChannelHandler childHandler) {
        ServerBootstrap bootstrap =
                new ServerBootstrap().group(group).channel(serverChannel).childHandler(childHandler);
        if (epoll && family == IpFamily.IPV6) {
            bootstrap.option(IPV6_V6ONLY, 1);
        }
        return bootstrap.bind(address);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
