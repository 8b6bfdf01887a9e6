package dev.junction.userspace.tcp;

import dev.junction.core.net.IpFamily;
import dev.junction.userspace.Transport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A listening TCP socket whose connections are proxied as its {@link ConnectionRouter} says. On io_uring the proxy owns
 * its sockets and drives them through the ring itself ({@link UringTcpListener}); on epoll and NIO it runs on Netty
 * channels ({@link ChannelTcpListener}).
 */
public interface TcpListener {

    /**
     * Binds {@code address} and starts accepting on the event loops of {@code group}, which must be of
     * {@code transport}.
     *
     * @throws IOException when the address cannot be bound (taken, most likely)
     */
    static TcpListener bind(Transport transport, EventLoopGroup group, InetSocketAddress address, IpFamily family,
            ConnectionRouter router) throws IOException {
        return transport == Transport.IO_URING ? UringTcpListener.bind(group, address, family, router)
                : ChannelTcpListener.bind(transport, group, address, family, router);
    }

    /** The port bound, which the caller may have left to the kernel. */
    int port();

    /** Stops accepting, and returns once the socket is closed; established connections continue. */
    void close();
}
