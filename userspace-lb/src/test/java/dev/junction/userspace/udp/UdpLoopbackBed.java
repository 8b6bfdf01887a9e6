package dev.junction.userspace.udp;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.userspace.Transport;
import dev.junction.userspace.UserspaceMeters;
import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import dev.junction.userspace.balance.EndpointTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * UDP servers on 127.0.0.1 port 0 for whole-proxy tests: echo endpoints that prefix each answer with their name, and
 * proxies in front of them, all on one event loop of the transport production would choose. Close it after each test.
 */
final class UdpLoopbackBed implements AutoCloseable {

    static final IpAddress LOOPBACK = IpAddress.parse("127.0.0.1");

    private final Transport transport;
    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final List<DatagramSocket> clients = new ArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ProtocolMeters meters = UserspaceMeters.bindTo(registry, "udp");

    /** On the transport production would choose without io_uring. */
    UdpLoopbackBed() {
        this(Transport.select(UserspaceTransport.AUTO));
    }

    UdpLoopbackBed(Transport transport) {
        this.transport = transport;
        this.group = transport.newEventLoopGroup(1);
    }

    /** Answers each datagram with {@code name + ":" + payload}. */
    Endpoint echoEndpoint(String name) {
        return endpoint(bind(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                ByteBuf answer = Unpooled.copiedBuffer(name + ":" + packet.content().toString(US_ASCII), US_ASCII);
                ctx.writeAndFlush(new DatagramPacket(answer, packet.sender()));
            }
        }));
    }

    /** A port that was just free: datagrams to it draw an ICMP port unreachable. */
    Endpoint closedPort() {
        Channel channel = bind(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            }
        });
        channel.close().syncUninterruptibly();
        channels.remove(channel);
        return endpoint(channel);
    }

    InetSocketAddress proxy(Supplier<EndpointTable> tables, UdpProxySettings settings, LongSupplier ticker) {
        return proxy(FlowTables.same(tables), settings, ticker);
    }

    InetSocketAddress proxy(FlowTables tables, UdpProxySettings settings, LongSupplier ticker) {
        Channel listener = bind(new UdpProxyInitializer(tables, settings, meters, ticker));
        return (InetSocketAddress) listener.localAddress();
    }

    /** A client socket on its own port, so each one is its own flow. */
    DatagramSocket client() throws SocketException {
        return client(LOOPBACK);
    }

    /** A client socket on {@code address} (any of 127.0.0.0/8), on its own port. */
    DatagramSocket client(IpAddress address) throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address.inet(), 0));
        socket.setSoTimeout(5_000);
        clients.add(socket);
        return socket;
    }

    static void send(DatagramSocket socket, InetSocketAddress to, String payload) throws IOException {
        byte[] bytes = payload.getBytes(US_ASCII);
        socket.send(new java.net.DatagramPacket(bytes, bytes.length, to));
    }

    /** The next datagram's payload; fails unless it came from {@code from}. */
    static String receive(DatagramSocket socket, InetSocketAddress from) throws IOException {
        var packet = new java.net.DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        if (!packet.getSocketAddress().equals(from)) {
            throw new IOException("datagram from " + packet.getSocketAddress() + " (expected: " + from + ")");
        }
        return new String(packet.getData(), 0, packet.getLength(), US_ASCII);
    }

    /** Whether a datagram arrives within {@code millis}. */
    static boolean receivesWithin(DatagramSocket socket, int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            socket.receive(new java.net.DatagramPacket(new byte[2048], 2048));
            return true;
        } catch (SocketTimeoutException silence) {
            return false;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    double count(String meter, String... tags) {
        return registry.get(meter).tags(tags).counter().count();
    }

    double active() {
        return registry.get("junction.userspace.connections.active").gauge().value();
    }

    private Channel bind(ChannelHandler handler) {
        Channel channel = new Bootstrap().group(group).channel(transport.datagramChannel()).handler(handler)
                .bind(LOOPBACK.inet(), 0).syncUninterruptibly().channel();
        channels.add(channel);
        return channel;
    }

    private static Endpoint endpoint(Channel channel) {
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        return new Endpoint(LOOPBACK, port, true, true, true, false, Set.of(), Set.of());
    }

    @Override
    public void close() {
        clients.forEach(DatagramSocket::close);
        channels.forEach(channel -> channel.close().syncUninterruptibly());
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
