package dev.junction.userspace.serve;

import dev.junction.core.net.IpFamily;
import dev.junction.userspace.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The event loops and channel classes of the listeners, on the {@link Transport} chosen. With NIO
 * {@link OriginalDestination} cannot be asked (its channels hide the socket's descriptor), so redirected connections
 * all count as ClusterIP traffic. The endpoint side of each connection uses the same loops and transport (see the tcp
 * package). Close it last.
 */
public final class ListenerTransport implements AutoCloseable {

    /** An IPv6 wildcard listener must leave the IPv4 wildcard on the same port to the IPv4 listener. */
    private static final IntegerUnixChannelOption IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    private final Transport transport;
    private final EventLoopGroup group;

    private ListenerTransport(Transport transport, EventLoopGroup group) {
        this.transport = transport;
        this.group = group;
    }

    /** @param threads event loop threads; one per core serves best */
    public static ListenerTransport create(Transport transport, int threads) {
        return new ListenerTransport(transport, transport.newEventLoopGroup(threads));
    }

    public Transport transport() {
        return transport;
    }

    EventLoopGroup group() {
        return group;
    }

    /** Starts binding a TCP listener on {@code address}; the future fails with the cause when the address is taken. */
    ChannelFuture bind(InetSocketAddress address, IpFamily family, ChannelHandler childHandler) {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(transport.serverSocketChannel())
                .childHandler(childHandler);
        if (transport != Transport.NIO && family == IpFamily.IPV6) {
            bootstrap.option(IPV6_V6ONLY, 1);
        }
        return bootstrap.bind(address);
    }

    /** Starts binding a UDP socket on {@code address}, with {@code handler} on its pipeline. */
    ChannelFuture bindDatagram(InetSocketAddress address, IpFamily family, ChannelHandler handler) {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.datagramChannel()).handler(handler);
        if (transport != Transport.NIO && family == IpFamily.IPV6) {
            bootstrap.option(IPV6_V6ONLY, 1);
        }
        return bootstrap.bind(address);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
