package dev.junction.userspace.udp;

import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;
import java.util.function.LongSupplier;

/**
 * The pipeline of one Service port's UDP listener: a {@link UdpFrontendHandler} that keeps one flow per client address
 * and port. Give it to the listener's {@code Bootstrap.handler(...)}, one instance per listener (the flow limit counts
 * per instance). Works with any datagram transport: each flow's socket to its endpoint uses the listener's channel
 * class and event loop.
 *
 * <p>Replies leave through the listener, so their source is the listener's address: bind each listener to the address
 * clients send to (or to the address a REDIRECT rule rewrites to, which conntrack rewrites back), not to a wildcard.
 *
 * <p>The table a flow's {@link FlowTables} gives it is read for every datagram, so an {@code AtomicReference::get}
 * swapped on each snapshot will do; a flow whose endpoint left the table is closed and its client's next datagram
 * picks again, as kube-proxy clears the conntrack entries of removed UDP endpoints.
 */
public final class UdpProxyInitializer extends ChannelInitializer<DatagramChannel> {

    private final FlowTables tables;
    private final UdpProxySettings settings;
    private final ProtocolMeters meters;
    private final LongSupplier ticker;

    /**
     * @param meters from {@code UserspaceMeters.bindTo(registry, "udp")}, shared by every UDP listener
     * @param ticker monotonic nanoseconds for passive health and ClientIP affinity ({@code System::nanoTime} in
     *               production)
     */
    public UdpProxyInitializer(FlowTables tables, UdpProxySettings settings, ProtocolMeters meters,
            LongSupplier ticker) {
        this.tables = tables;
        this.settings = settings;
        this.meters = meters;
        this.ticker = ticker;
    }

    @Override
    protected void initChannel(DatagramChannel listener) {
        listener.pipeline().addLast("frontend", new UdpFrontendHandler(tables, settings, meters, ticker));
    }
}
