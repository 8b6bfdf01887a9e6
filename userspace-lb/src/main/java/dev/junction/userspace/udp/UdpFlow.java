package dev.junction.userspace.udp;

import dev.junction.core.net.IpAddress;
import dev.junction.userspace.SiblingChannels;
import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import dev.junction.userspace.balance.EndpointState;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.PassiveHealth;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client address and port relayed to one endpoint: its own socket connected to the endpoint (so the kernel drops
 * datagrams from anyone else), a short queue while that socket opens, and replies written back through the listener.
 * Closed after the idle timeout with no datagram either way, or on an ICMP port unreachable from the endpoint.
 * Confined to the listener's event loop; every buffer it is given is released or passed on.
 */
final class UdpFlow {

    private static final Logger LOG = LoggerFactory.getLogger(UdpFlow.class);

    private final Channel listener;
    private final InetSocketAddress client;
    private final EndpointState endpoint;
    private final UdpProxySettings settings;
    private final ProtocolMeters meters;
    private final LongSupplier ticker;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private final Supplier<EndpointTable> tables;
    private EndpointTable table;
    private Channel upstream;
    private boolean connected;
    private boolean answered;

    /** @param tables where the flow's table comes from, read again for each datagram; {@code table} is its value now */
    UdpFlow(Channel listener, InetSocketAddress client, Supplier<EndpointTable> tables, EndpointTable table,
            EndpointState endpoint, UdpProxySettings settings, ProtocolMeters meters, LongSupplier ticker) {
        this.listener = listener;
        this.client = client;
        this.tables = tables;
        this.table = table;
        this.endpoint = endpoint;
        this.settings = settings;
        this.meters = meters;
        this.ticker = ticker;
    }

    /**
     * Opens the socket to the endpoint. Returns the future that completes when the flow is closed, or empty when no
     * socket could be opened (out of descriptors, most likely): that is counted as a connect error but is this node's
     * trouble, not the endpoint's, so passive health does not hear of it, and the flow is not used.
     */
    Optional<ChannelFuture> open() {
        Channel socket;
        try {
            socket = SiblingChannels.newSibling(listener);
        } catch (ChannelException e) {
            meters.connectErrors().increment();
            LOG.debug("{} cannot open a socket to an endpoint, dropping datagram client={} cause={}", table.name(),
                    client, e.toString());
            return Optional.empty();
        }
        upstream = socket;
        meters.connections().increment();
        meters.active().incrementAndGet();
        endpoint.connectionOpened();
        table.recordChoice(new IpAddress(client.getAddress()), endpoint, ticker.getAsLong());
        socket.pipeline().addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toNanos(),
                TimeUnit.NANOSECONDS));
        socket.pipeline().addLast("reply", new UdpReplyHandler(this));
        socket.closeFuture().addListener(closed -> closed());
        ChannelFuture connecting = SiblingChannels.connect(socket, listener.eventLoop(),
                new InetSocketAddress(endpoint.endpoint().ip().inet(), endpoint.endpoint().port()));
        connecting.addListener(done -> {
            if (done.isSuccess()) {
                connected = true;
                flushPending();
            } else {
                endpointFailed(done.cause());
            }
        });
        return Optional.of(socket.closeFuture());
    }

    /** Whether its current table still holds this flow's endpoint; a flow outlives table swaps that keep it. */
    boolean isStillServed() {
        EndpointTable current = tables.get();
        if (current != table && current.entries().contains(endpoint)) {
            table = current;
        }
        return current == table;
    }

    boolean isOpen() {
        return upstream.isOpen();
    }

    /** Sends {@code payload} (ownership passes here) to the endpoint, or queues it while the socket opens. */
    void forward(ByteBuf payload) {
        if (!connected) {
            if (pending.size() < settings.maxPendingDatagrams()) {
                pending.add(payload);
            } else {
                drop(payload);
            }
            return;
        }
        if (!upstream.isWritable()) {
            drop(payload);
            return;
        }
        meters.bytesUpstream().increment(payload.readableBytes());
        upstream.writeAndFlush(payload, upstream.voidPromise());
    }

    /** Writes one reply (ownership passes here) to the client from the listener; flushed by {@link #flushReplies}. */
    void reply(ByteBuf payload) {
        if (!answered) {
            answered = true;
            endpoint.health().recordSuccess();
        }
        if (!listener.isWritable()) {
            drop(payload);
            return;
        }
        meters.bytesDownstream().increment(payload.readableBytes());
        listener.write(new DatagramPacket(payload, client), listener.voidPromise());
    }

    void flushReplies() {
        listener.flush();
    }

    /** The endpoint refused the flow (an ICMP port unreachable) or its socket failed: passive health hears of it. */
    void endpointFailed(Throwable cause) {
        meters.connectErrors().increment();
        if (endpoint.health().recordFailure(ticker.getAsLong()) == PassiveHealth.Transition.EJECTED) {
            meters.ejections().increment();
            LOG.warn("{} endpoint ejected after consecutive failures endpoint={} cause={}", table.name(),
                    endpoint.endpoint(), cause.toString());
        }
        LOG.debug("{} flow failed client={} endpoint={} cause={}", table.name(), client, endpoint.endpoint(),
                cause.toString());
        close();
    }

    void close() {
        upstream.close();
    }

    private void flushPending() {
        for (ByteBuf payload = pending.poll(); payload != null; payload = pending.poll()) {
            forward(payload);
        }
    }

    private void drop(ByteBuf payload) {
        payload.release();
        meters.refused().overload().increment();
    }

    private void closed() {
        for (ByteBuf payload = pending.poll(); payload != null; payload = pending.poll()) {
            payload.release();
        }
        meters.active().decrementAndGet();
        endpoint.connectionClosed();
    }

    @Override
    public String toString() {
        return table.name() + " " + client + " -> " + endpoint.endpoint();
    }
}
