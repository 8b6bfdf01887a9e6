package dev.junction.userspace.serve;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.tcp.TcpListener;
import dev.junction.userspace.tcp.TcpProxy;
import dev.junction.userspace.udp.FlowTables;
import dev.junction.userspace.udp.UdpProxyInitializer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/** How the sockets of one Service port are bound: TCP listeners that accept connections, or UDP sockets with flows. */
interface PortSockets {

    /** Where REDIRECT sends the node's own traffic. */
    IpAddress LOOPBACK_V4 = IpAddress.parse("127.0.0.1");
    IpAddress LOOPBACK_V6 = IpAddress.parse("::1");

    /**
     * The socket the nat rules redirect the port's ClusterIP, externalIPs and load-balancer IPs to.
     *
     * @throws IOException when the address cannot be bound
     */
    BoundSocket bindRedirected(InetSocketAddress address) throws IOException;

    /**
     * One NodePort socket on a node address.
     *
     * @throws IOException when the address cannot be bound
     */
    BoundSocket bindNodePort(InetSocketAddress address) throws IOException;

    /**
     * The addresses a NodePort configured on {@code address} binds. A TCP listener may take the wildcard as it is:
     * each accepted socket answers from the address its client reached.
     */
    default Stream<IpAddress> nodePortAddresses(IpAddress address) {
        return Stream.of(address);
    }

    /**
     * Each accepted connection picks its table by where it came from and what it was sent to; {@code connections}
     * learns which endpoint it relays to.
     */
    static PortSockets tcp(IpFamily family, AtomicReference<PortTables> tables, EndpointConnections connections,
            ListenerContext context) {
        Map<Origin, TcpProxy> proxies = new EnumMap<>(Origin.class);
        for (Origin origin : Origin.values()) {
            proxies.put(origin, new TcpProxy(() -> tables.get().forOrigin(origin), context.settings().tcp(),
                    context.meters().get(Protocol.TCP), context.ticker(), connections));
        }
        return new PortSockets() {
            @Override
            public BoundSocket bindRedirected(InetSocketAddress address) throws IOException {
                return listen(address, FrontendKind.REDIRECTED);
            }

            @Override
            public BoundSocket bindNodePort(InetSocketAddress address) throws IOException {
                return listen(address, FrontendKind.NODE_PORT);
            }

            private BoundSocket listen(InetSocketAddress address, FrontendKind kind) throws IOException {
                TcpListener listener = context.transport().listen(address, family, (client, local, socket) ->
                        proxies.get(OriginClassifier.classify(kind, tables.get().port(), client, local,
                                () -> socket < 0 ? Optional.empty()
                                        : context.originalDestination().of(socket, family),
                                context.traffic().get())));
                return new BoundSocket(listener.port(), listener::close);
            }
        };
    }

    /**
     * Each new flow picks its table as a TCP connection does: a redirected one by where conntrack says it was sent (a
     * datagram carries no {@code SO_ORIGINAL_DST}), a NodePort one by its client. Replies leave the redirected socket
     * with the node's address, which conntrack turns back into the Service's.
     */
    static PortSockets udp(IpFamily family, AtomicReference<PortTables> tables, ListenerContext context) {
        return new PortSockets() {
            @Override
            public BoundSocket bindRedirected(InetSocketAddress address) throws IOException {
                return bind(address, proxy((client, listener) -> {
                    ClusterTraffic traffic = context.traffic().get();
                    Origin origin = OriginClassifier.classify(FrontendKind.REDIRECTED, tables.get().port(),
                            new IpAddress(client.getAddress()), () -> listener,
                            () -> context.originalDestination().ofDatagram(client, listener.getPort(),
                                    redirectTargets(traffic)),
                            traffic);
                    return () -> tables.get().forOrigin(origin);
                }));
            }

            @Override
            public BoundSocket bindNodePort(InetSocketAddress address) throws IOException {
                return bind(address, proxy((client, listener) -> {
                    Origin origin = context.traffic().get().isFromCluster(new IpAddress(client.getAddress()))
                            ? Origin.EXTERNAL_FROM_CLUSTER : Origin.EXTERNAL;
                    return () -> tables.get().forOrigin(origin);
                }));
            }

            /**
             * A UDP socket on the wildcard would answer from whatever address the route back chose (a pod would get
             * its reply from the node's address on the pod network, not the one it sent to, and drop it), so a
             * wildcard NodePort binds each node address of the family instead.
             */
            @Override
            public Stream<IpAddress> nodePortAddresses(IpAddress address) {
                if (!address.inet().isAnyLocalAddress()) {
                    return Stream.of(address);
                }
                return context.traffic().get().nodeAddresses().stream().filter(ip -> ip.family() == family);
            }

            /** Where REDIRECT may have sent a datagram: the node's addresses, and loopback for its own traffic. */
            private List<IpAddress> redirectTargets(ClusterTraffic traffic) {
                List<IpAddress> targets = new ArrayList<>(traffic.nodeAddresses());
                targets.add(family == IpFamily.IPV4 ? LOOPBACK_V4 : LOOPBACK_V6);
                return targets;
            }

            private BoundSocket bind(InetSocketAddress address, UdpProxyInitializer proxy) throws IOException {
                ChannelFuture bound = context.transport().bindDatagram(address, family, proxy).awaitUninterruptibly();
                if (!bound.isSuccess()) {
                    throw bound.cause() instanceof IOException io ? io : new IOException(bound.cause());
                }
                Channel socket = bound.channel();
                return new BoundSocket(((InetSocketAddress) socket.localAddress()).getPort(),
                        () -> socket.close().syncUninterruptibly());
            }

            private UdpProxyInitializer proxy(FlowTables flowTables) {
                return new UdpProxyInitializer(flowTables, context.settings().udp(),
                        context.meters().get(Protocol.UDP), context.ticker());
            }
        };
    }
}
