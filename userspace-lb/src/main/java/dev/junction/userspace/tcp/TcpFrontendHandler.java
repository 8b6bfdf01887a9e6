package dev.junction.userspace.tcp;

import dev.junction.core.net.IpAddress;
import dev.junction.userspace.SiblingChannels;
import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import dev.junction.userspace.balance.EndpointState;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.PassiveHealth;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one proxied connection until an endpoint answers: it picks the endpoints from the current table,
 * connects to them in turn (each bounded by the connect timeout, reporting outcomes to passive health), and then hands
 * both channels to a relay (a {@link SplicedRelay} when both sockets are native epoll ones, else a
 * {@link RelayHandler} pair) and leaves the pipeline. Neither channel reads until then; what epoll reads
 * regardless waits in each channel's {@link EarlyInput}. The client is closed when no endpoint could be reached.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFrontendHandler.class);

    private final Supplier<EndpointTable> tables;
    private final TcpProxySettings settings;
    private final ProtocolMeters meters;
    private final LongSupplier ticker;
    private EndpointTable table;
    private IpAddress clientIp;

    TcpFrontendHandler(Supplier<EndpointTable> tables, TcpProxySettings settings, ProtocolMeters meters,
            LongSupplier ticker) {
        this.tables = tables;
        this.settings = settings;
        this.meters = meters;
        this.ticker = ticker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel client = ctx.channel();
        table = tables.get();
        clientIp = new IpAddress(((InetSocketAddress) client.remoteAddress()).getAddress());
        List<EndpointState> candidates = table.candidates(clientIp, ticker.getAsLong(), settings.maxAttempts());
        if (candidates.isEmpty()) {
            meters.refused().noEndpoints().increment();
            LOG.debug("{} has no endpoints, closing client={}", table.name(), client.remoteAddress());
            client.close();
            return;
        }
        connect(ctx, candidates, 0);
    }

    private void connect(ChannelHandlerContext ctx, List<EndpointState> candidates, int attempt) {
        Channel client = ctx.channel();
        EndpointState endpoint = candidates.get(attempt);
        Channel backend;
        try {
            backend = newEndpointChannel(client);
        } catch (ChannelException e) {
            // No socket (out of descriptors, most likely): this node's trouble, not the endpoint's.
            meters.connectErrors().increment();
            LOG.debug("{} cannot open a socket to an endpoint, closing client={} cause={}", table.name(),
                    client.remoteAddress(), e.toString());
            ctx.close();
            return;
        }
        ChannelFuture connecting = SiblingChannels.connect(backend, client.eventLoop(),
                new InetSocketAddress(endpoint.endpoint().ip().inet(), endpoint.endpoint().port()));
        connecting.addListener(done -> {
            if (done.isSuccess()) {
                relay(ctx, backend, endpoint);
            } else {
                backend.close();
                connectFailed(ctx, candidates, attempt, done.cause());
            }
        });
    }

    private Channel newEndpointChannel(Channel client) {
        Channel backend = SiblingChannels.newSibling(client);
        try {
            SocketChannelConfig config = (SocketChannelConfig) backend.config();
            config.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
            config.setAutoRead(false);
            config.setAllowHalfClosure(true);
            backend.pipeline().addLast(new EarlyInput());
            return backend;
        } catch (ChannelException e) {
            backend.unsafe().closeForcibly();
            throw e;
        }
    }

    private void connectFailed(ChannelHandlerContext ctx, List<EndpointState> candidates, int attempt,
            Throwable cause) {
        EndpointState endpoint = candidates.get(attempt);
        meters.connectErrors().increment();
        if (endpoint.health().recordFailure(ticker.getAsLong()) == PassiveHealth.Transition.EJECTED) {
            meters.ejections().increment();
            LOG.warn("{} endpoint ejected after consecutive connect failures endpoint={} cause={}", table.name(),
                    endpoint.endpoint(), cause.toString());
        }
        boolean clientGone = !ctx.channel().isActive();
        if (clientGone || attempt + 1 >= candidates.size()) {
            LOG.debug("{} giving up after {} connect attempts client={} last={}", table.name(), attempt + 1,
                    ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
            return;
        }
        connect(ctx, candidates, attempt + 1);
    }

    private void relay(ChannelHandlerContext ctx, Channel backend, EndpointState endpoint) {
        Channel client = ctx.channel();
        endpoint.health().recordSuccess();
        table.recordChoice(clientIp, endpoint, ticker.getAsLong());
        endpoint.connectionOpened();
        backend.closeFuture().addListener(closed -> endpoint.connectionClosed());
        if (!client.isActive()) {
            backend.close();
            return;
        }
        RelayName context = new RelayName(table.name(), endpoint.endpoint());
        RelayIdleTimer idle = RelayIdleTimer.start(client, backend, settings.idleTimeout().toNanos(), context);
        ctx.pipeline().remove(this);
        // Native epoll sockets always splice: see Transport.splices for why copying is not an option there.
        if (client instanceof EpollSocketChannel && backend instanceof EpollSocketChannel) {
            SplicedRelay.start(client, backend, meters.bytesUpstream(), meters.bytesDownstream(), idle, context);
        } else {
            EarlyInput.handOver(backend, new RelayHandler(client, meters.bytesDownstream(), idle, context));
            EarlyInput.handOver(client, new RelayHandler(backend, meters.bytesUpstream(), idle, context));
        }
        client.pipeline().fireUserEventTriggered(new RelayStarted(endpoint.endpoint()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{} client failed before relaying, closing channel={} cause={}", table == null ? "-" : table.name(),
                ctx.channel(), cause.toString());
        ctx.close();
    }
}
