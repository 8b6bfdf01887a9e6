package dev.junction.userspace.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;

import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.userspace.Transport;
import dev.junction.userspace.UserspaceMeters;
import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import dev.junction.userspace.balance.EndpointTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Real servers on 127.0.0.1 port 0 for whole-proxy tests: echo backends that greet with their name, a backend that
 * never reads, ports nobody listens on, and proxies in front. Everything runs on one event loop, so a stalled
 * connection would stall the others. Uses the transport production would choose unless told otherwise. Close it after
 * each test.
 */
final class LoopbackBed implements AutoCloseable {

    static final IpAddress LOOPBACK = IpAddress.parse("127.0.0.1");

    private final Transport transport;
    private final EventLoopGroup group;
    private final Class<? extends ServerChannel> serverChannel;
    private final List<Channel> servers = new ArrayList<>();
    private final List<TcpListener> proxies = new ArrayList<>();
    private final List<Closeable> closeables = new ArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ProtocolMeters meters = UserspaceMeters.bindTo(registry, "tcp");

    /** On the transport production chooses by default. */
    LoopbackBed() {
        this(Transport.select(UserspaceTransport.AUTO));
    }

    /** On {@code transport}; its proxies run as in production (on epoll they splice, on io_uring they own sockets). */
    LoopbackBed(Transport transport) {
        this.transport = transport;
        this.group = transport.newEventLoopGroup(1);
        this.serverChannel = transport.serverSocketChannel();
    }

    /** On the transport {@code choice} selects. */
    LoopbackBed(UserspaceTransport choice) {
        this(Transport.select(choice));
    }

    /** Greets each connection with {@code name + "\n"}, then echoes; answers end of input with its own. */
    Endpoint echoBackend(String name) {
        return endpoint(listen(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                ch.pipeline().addLast(new EchoHandler(name));
            }
        }));
    }

    /**
     * Reads a request until the client's end of input, then answers with {@code body} and closes: a download by a
     * client that half-closed after its request.
     */
    Endpoint downloadBackend(byte[] body) {
        return endpoint(listen(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                        if (event instanceof ChannelInputShutdownEvent) {
                            ctx.writeAndFlush(Unpooled.wrappedBuffer(body)).addListener(ChannelFutureListener.CLOSE);
                        }
                    }
                });
            }
        }));
    }

    /** Accepts connections and leaves them idle: no greeting, echoes whatever comes. */
    Endpoint quietEchoBackend() {
        return onRead((ctx, msg) -> ctx.writeAndFlush(msg));
    }

    /** Accepts each connection and resets it at once (a close with SO_LINGER 0). */
    Endpoint resettingBackend() {
        return endpoint(listen(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.close();
                    }
                });
            }
        }));
    }

    /** Reads and discards everything, and never answers. */
    Endpoint hangingBackend() {
        return onRead((ctx, msg) -> ReferenceCountUtil.release(msg));
    }

    /** An endpoint whose every connection hands what it reads to {@code read}. */
    private Endpoint onRead(BiConsumer<ChannelHandlerContext, Object> read) {
        return endpoint(listen(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        read.accept(ctx, msg);
                    }
                });
            }
        }));
    }

    /** Accepts connections and never reads from them. */
    Endpoint silentBackend() {
        return endpoint(listen(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.config().setAutoRead(false);
            }
        }));
    }

    /**
     * A listener whose accept queue is full, so that the kernel drops further SYNs and a connect to it hangs until the
     * connector's timeout. The sockets that fill the queue are closed with the bed.
     */
    Endpoint blackHole() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeables.add(server);
        for (int i = 0; i < 4; i++) {
            Socket filler = new Socket();
            closeables.add(filler);
            try {
                filler.connect(server.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException queueFull) {
                return new Endpoint(LOOPBACK, server.getLocalPort(), true, true, true, false, Set.of(), Set.of());
            }
        }
        throw new IllegalStateException("accept queue of port " + server.getLocalPort() + " never filled");
    }

    /** A port that was just free: connecting to it is refused. */
    Endpoint closedPort() {
        Channel server = listen(new ChannelInboundHandlerAdapter());
        server.close().syncUninterruptibly();
        servers.remove(server);
        return endpoint(server);
    }

    int proxy(Supplier<EndpointTable> table, TcpProxySettings settings, LongTicker ticker) {
        return proxy(new TcpProxy(table, settings, meters, ticker::read, RelayTracker.NONE));
    }

    /** A listener on 127.0.0.1 whose every connection goes to {@code proxy}; returns its port. */
    int proxy(TcpProxy proxy) {
        try {
            TcpListener listener = TcpListener.bind(transport, group, new InetSocketAddress(LOOPBACK.inet(), 0),
                    IpFamily.IPV4, ConnectionRouter.to(proxy));
            proxies.add(listener);
            return listener.port();
        } catch (IOException e) {
            throw new UncheckedIOException("proxy listener on 127.0.0.1", e);
        }
    }

    /**
     * Pipe ends this process holds open, once the count holds still for 100 ms: the event loop of a bed closed just
     * before may still be closing its pipe pool as its thread ends.
     */
    static long settledPipeEnds() {
        AtomicLong last = new AtomicLong(-1);
        await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> {
            long now = openPipeEnds();
            return now == last.getAndSet(now);
        });
        return last.get();
    }

    /** Pipe ends this process holds open, as /proc lists its descriptors. */
    static long openPipeEnds() throws IOException {
        return openDescriptors("pipe:");
    }

    /** Descriptors this process holds open whose /proc link starts with {@code kind}: "pipe:", "socket:". */
    static long openDescriptors(String kind) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith(kind);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** One line, without its newline; null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            line.append((char) b);
        }
        return line.toString();
    }

    /** A settable monotonic clock for passive health. */
    static final class LongTicker {
        private volatile long nanos;

        long read() {
            return nanos;
        }

        void advance(long by) {
            nanos += by;
        }
    }

    private Channel listen(ChannelHandler childHandler) {
        Channel server = new ServerBootstrap().group(group).channel(serverChannel)
                .childHandler(childHandler)
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
        servers.add(server);
        return server;
    }

    private static Endpoint endpoint(Channel server) {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        return new Endpoint(LOOPBACK, port, true, true, true, false, Set.of(), Set.of());
    }

    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        servers.forEach(server -> server.close().syncUninterruptibly());
        proxies.forEach(TcpListener::close);
        for (Closeable closeable : closeables) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing test socket " + closeable, e);
            }
        }
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        private final String name;

        EchoHandler(String name) {
            this.name = name;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(name + "\n", US_ASCII));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ((DuplexChannel) ctx.channel()).shutdownOutput();
            }
        }
    }
}
