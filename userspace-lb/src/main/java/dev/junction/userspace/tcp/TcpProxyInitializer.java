package dev.junction.userspace.tcp;

import dev.junction.core.net.IpAddress;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.UnixChannel;
import java.net.InetSocketAddress;

/**
 * The pipeline of one client connection accepted by a listener on Netty channels: routes it to its {@link TcpProxy}
 * once, then installs a {@link TcpFrontendHandler} that connects to an endpoint and turns into a relay. A connection
 * above the proxy's {@code maxConnections} is closed before anything is read from it and counted as refused. Works with
 * any socket transport (epoll, NIO, io_uring channels): the endpoint connection uses the client channel's class and
 * event loop.
 */
@ChannelHandler.Sharable
final class TcpProxyInitializer extends ChannelInitializer<Channel> {

    private final ConnectionRouter router;

    TcpProxyInitializer(ConnectionRouter router) {
        this.router = router;
    }

    /**
     * Sets up a registered client channel. No idle timer runs until the relay starts: until then the connect timeout
     * per attempt bounds the connection's life.
     */
    @Override
    public void initChannel(Channel client) {
        IpAddress clientIp = new IpAddress(((InetSocketAddress) client.remoteAddress()).getAddress());
        TcpProxy proxy = router.route(clientIp, () -> (InetSocketAddress) client.localAddress(),
                client instanceof UnixChannel unix ? unix.fd().intValue() : -1);
        if (!proxy.admit()) {
            client.close();
            return;
        }
        client.closeFuture().addListener(closed -> proxy.release());
        // No byte is read from the client before an endpoint is connected; half-closes are relayed, not fatal.
        client.config().setOption(ChannelOption.AUTO_READ, false);
        client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        client.pipeline().addLast("early", new EarlyInput())
                .addLast("frontend", new TcpFrontendHandler(proxy, clientIp));
    }
}
