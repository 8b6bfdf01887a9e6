package dev.junction.userspace.serve;

import dev.junction.core.net.IpFamily;
import dev.junction.userspace.Transport;
import dev.junction.userspace.tcp.ConnectionRouter;
import dev.junction.userspace.tcp.TcpListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The event loops of the listeners, and how they bind, on the {@link Transport} chosen. With NIO
 * {@link OriginalDestination} cannot be asked (its channels hide the socket's descriptor), so redirected connections
 * all count as ClusterIP traffic. The endpoint side of each connection uses the same loops and transport (see the tcp
 * package). Close it last.
 */
public final class ListenerTransport implements AutoCloseable {

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

    /** Binds a TCP listener on {@code address} whose connections {@code router} sends to their proxy. */
    TcpListener listen(InetSocketAddress address, IpFamily family, ConnectionRouter router) throws IOException {
        return TcpListener.bind(transport, group, address, family, router);
    }

    /** Starts binding a UDP socket on {@code address}, with {@code handler} on its pipeline. */
    ChannelFuture bindDatagram(InetSocketAddress address, IpFamily family, ChannelHandler handler) {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.datagramChannel()).handler(handler);
        transport.restrictToFamily(bootstrap, family);
        return bootstrap.bind(address);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
