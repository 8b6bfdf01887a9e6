package dev.junction.userspace.tcp;

import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.userspace.SiblingChannels;
import dev.junction.userspace.balance.EndpointState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one proxied connection until an endpoint answers: it connects to the endpoints its
 * {@link ConnectAttempts} name in turn (each bounded by the connect timeout), and then hands both channels to a relay
 * (a {@link SplicedRelay} when both sockets are native epoll ones, else a {@link RelayHandler} pair) and leaves the
 * pipeline. Neither channel reads until then; what epoll reads regardless waits in each channel's {@link EarlyInput}.
 * The client is closed when no endpoint could be reached.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFrontendHandler.class);

    private final TcpProxy proxy;
    private final IpAddress clientIp;
    private ConnectAttempts attempts;

    TcpFrontendHandler(TcpProxy proxy, IpAddress clientIp) {
        this.proxy = proxy;
        this.clientIp = clientIp;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel client = ctx.channel();
        Optional<ConnectAttempts> planned = proxy.attempts(clientIp);
        if (planned.isEmpty()) {
            client.close();
            return;
        }
        attempts = planned.get();
        connect(ctx);
    }

    private void connect(ChannelHandlerContext ctx) {
        Channel client = ctx.channel();
        Channel backend;
        try {
            backend = newEndpointChannel(client);
        } catch (ChannelException e) {
            attempts.noSocket(e);
            ctx.close();
            return;
        }
        ChannelFuture connecting = SiblingChannels.connect(backend, client.eventLoop(), attempts.address());
        connecting.addListener(done -> {
            if (done.isSuccess()) {
                relay(ctx, backend);
                return;
            }
            backend.close();
            if (attempts.failed(done.cause(), !client.isActive())) {
                connect(ctx);
            } else {
                ctx.close();
            }
        });
    }

    private Channel newEndpointChannel(Channel client) {
        Channel backend = SiblingChannels.newSibling(client);
        try {
            SocketChannelConfig config = (SocketChannelConfig) backend.config();
            config.setConnectTimeoutMillis((int) proxy.settings().connectTimeout().toMillis());
            config.setAutoRead(false);
            config.setAllowHalfClosure(true);
            backend.pipeline().addLast(new EarlyInput());
            return backend;
        } catch (ChannelException e) {
            backend.unsafe().closeForcibly();
            throw e;
        }
    }

    private void relay(ChannelHandlerContext ctx, Channel backend) {
        Channel client = ctx.channel();
        EndpointState endpoint = attempts.endpoint();
        RelayName name = attempts.connected();
        backend.closeFuture().addListener(closed -> endpoint.connectionClosed());
        if (!client.isActive()) {
            backend.close();
            return;
        }
        RelayIdleTimer idle =
                RelayIdleTimer.start(client, backend, proxy.settings().idleTimeout().toNanos(), name);
        ctx.pipeline().remove(this);
        // Native epoll sockets always splice: see Transport.relay for why copying is not an option there.
        if (client instanceof EpollSocketChannel && backend instanceof EpollSocketChannel) {
            SplicedRelay.start(client, backend, proxy.meters().bytesUpstream(), proxy.meters().bytesDownstream(),
                    idle, name);
        } else {
            EarlyInput.handOver(backend, new RelayHandler(client, proxy.meters().bytesDownstream(), idle, name));
            EarlyInput.handOver(client, new RelayHandler(backend, proxy.meters().bytesUpstream(), idle, name));
        }
        track(client, endpoint.endpoint());
    }

    /** Closing the client closes the endpoint side too, once flushed (see the relays). */
    private void track(Channel client, Endpoint endpoint) {
        RelayedConnection connection = client::close;
        proxy.relayStarted(endpoint, connection);
        client.closeFuture().addListener(closed -> proxy.relayEnded(endpoint, connection));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client failed before relaying, closing channel={} cause={}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
