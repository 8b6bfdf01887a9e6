package dev.junction.userspace.udp;

import dev.junction.core.net.IpAddress;
import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import dev.junction.userspace.balance.EndpointState;
import dev.junction.userspace.balance.EndpointTable;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener side of a UDP Service port: finds or opens the {@link UdpFlow} of each datagram's sender and passes the
 * payload to it. A new flow picks its endpoint from the current table; above the flow limit, or without endpoints, the
 * datagram is dropped and counted. Confined to the listener's event loop, like the flows it keeps.
 */
final class UdpFrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(UdpFrontendHandler.class);

    private final FlowTables tables;
    private final UdpProxySettings settings;
    private final ProtocolMeters meters;
    private final LongSupplier ticker;
    private final Map<InetSocketAddress, UdpFlow> flows = new HashMap<>();

    UdpFrontendHandler(FlowTables tables, UdpProxySettings settings, ProtocolMeters meters,
            LongSupplier ticker) {
        this.tables = tables;
        this.settings = settings;
        this.meters = meters;
        this.ticker = ticker;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            UdpFlow flow = flowOf(ctx, packet.sender());
            if (flow != null) {
                flow.forward(packet.content().retain());
            }
        } finally {
            packet.release();
        }
    }

    /** The sender's flow to an endpoint of the current table, opened if needed; null when the datagram is refused. */
    private UdpFlow flowOf(ChannelHandlerContext ctx, InetSocketAddress client) {
        UdpFlow flow = flows.get(client);
        if (flow != null && flow.isOpen() && flow.isStillServed()) {
            return flow;
        }
        if (flow != null) {
            // Closing (idle), or its endpoint left the table: as kube-proxy deletes the conntrack entries of a
            // removed UDP endpoint, the client's next datagram picks again.
            flows.remove(client);
            flow.close();
        }
        IpAddress clientIp = new IpAddress(client.getAddress());
        Supplier<EndpointTable> flowTables = tables.forFlow(client, (InetSocketAddress) ctx.channel().localAddress());
        EndpointTable table = flowTables.get();
        if (flows.size() >= settings.maxFlows()) {
            meters.refused().atLimit().increment();
            LOG.debug("{} flow limit reached, dropping datagram flows={} client={}", table.name(), flows.size(),
                    client);
            return null;
        }
        List<EndpointState> candidates = table.candidates(clientIp, ticker.getAsLong(), 1);
        if (candidates.isEmpty()) {
            meters.refused().noEndpoints().increment();
            LOG.debug("{} has no endpoints, dropping datagram client={}", table.name(), client);
            return null;
        }
        UdpFlow opened = new UdpFlow(ctx.channel(), client, flowTables, table, candidates.getFirst(), settings, meters,
                ticker);
        Optional<ChannelFuture> closing = opened.open();
        if (closing.isEmpty()) {
            return null;
        }
        flows.put(client, opened);
        closing.get().addListener(closed -> flows.remove(client, opened));
        return opened;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        List.copyOf(flows.values()).forEach(UdpFlow::close);
        flows.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One bad datagram or a full socket buffer must not stop the listener for every other client.
        LOG.debug("UDP listener error, listener stays open channel={} cause={}", ctx.channel(), cause.toString());
    }
}
