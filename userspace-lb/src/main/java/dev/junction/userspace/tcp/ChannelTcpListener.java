package dev.junction.userspace.tcp;

import dev.junction.core.net.IpFamily;
import dev.junction.userspace.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A TCP listener on a Netty server channel, each accepted connection set up by a {@link TcpProxyInitializer}. */
final class ChannelTcpListener implements TcpListener {

    private final Channel server;

    private ChannelTcpListener(Channel server) {
        this.server = server;
    }

    static ChannelTcpListener bind(Transport transport, EventLoopGroup group, InetSocketAddress address,
            IpFamily family, ConnectionRouter router) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(transport.serverSocketChannel())
                .childHandler(new TcpProxyInitializer(router));
        transport.restrictToFamily(bootstrap, family);
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw bound.cause() instanceof IOException io ? io : new IOException(bound.cause());
        }
        return new ChannelTcpListener(bound.channel());
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }

    @Override
    public String toString() {
        return server.toString();
    }
}
