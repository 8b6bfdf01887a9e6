package dev.junction.userspace;

import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.net.IpFamily;
import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.function.Supplier;

/**
 * The Netty transport the userspace proxy runs on, as {@link UserspaceTransport} chooses: by default io_uring when the
 * kernel offers it, else epoll when the native library loads, else NIO. The listeners, the endpoint connections and
 * the event loops must all come from one transport; the TCP and UDP frontends open endpoint channels of their
 * listener's class on its event loop, so a listener bound with these classes is all they need.
 */
public enum Transport {
    IO_URING("io_uring", IoUringIoHandler::newFactory, IoUringServerSocketChannel.class, IoUringSocketChannel.class,
            IoUringDatagramChannel.class),
    EPOLL("epoll", EpollIoHandler::newFactory, EpollServerSocketChannel.class, EpollSocketChannel.class,
            EpollDatagramChannel.class),
    NIO("nio", NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class,
            NioDatagramChannel.class);

    /** An IPv6 wildcard socket must leave the IPv4 wildcard on the same port to the IPv4 one. */
    public static final IntegerUnixChannelOption IPV6_V6ONLY =
            new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

    private final String label;
    private final Supplier<IoHandlerFactory> ioHandlers;
    private final Class<? extends ServerSocketChannel> serverSocketChannel;
    private final Class<? extends SocketChannel> socketChannel;
    private final Class<? extends DatagramChannel> datagramChannel;

    Transport(String label, Supplier<IoHandlerFactory> ioHandlers,
            Class<? extends ServerSocketChannel> serverSocketChannel, Class<? extends SocketChannel> socketChannel,
            Class<? extends DatagramChannel> datagramChannel) {
        this.label = label;
        this.ioHandlers = ioHandlers;
        this.serverSocketChannel = serverSocketChannel;
        this.socketChannel = socketChannel;
        this.datagramChannel = datagramChannel;
    }

    /**
     * The transport {@code choice} names, or for {@link UserspaceTransport#AUTO} the best this host offers. Whether
     * TCP relays splice is {@link #relay()}.
     *
     * @throws IllegalStateException when the named transport cannot run here, with the reason
     */
    public static Transport select(UserspaceTransport choice) {
        Transport named = switch (choice) {
            case AUTO -> IoUring.isAvailable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
            case IO_URING -> IO_URING;
            case EPOLL -> EPOLL;
            case NIO -> NIO;
        };
        if (!named.isAvailable()) {
            throw new IllegalStateException("--userspace-transport " + choice + ": not available on this host ("
                    + named.unavailabilityCause() + ")");
        }
        return named;
    }

    /**
     * How TCP bytes are relayed, for logs: {@code splice} on epoll, {@code copy+splice} on io_uring (copied through
     * the ring until a transfer fills the largest buffer, spliced from then on), {@code copy} on NIO. Epoll always
     * splices: besides moving bytes kernel to kernel, the splice relay registers the sockets with epoll itself, and
     * Netty's epoll transport (4.2.18-4.2.20) loses track of a socket it removed from epoll once the socket's input has
     * ended, so copying through Netty's epoll channels cut off an answer that outgrew the socket buffers of a client
     * that half-closed after its request (the first write that had to wait failed with {@code ENOENT}).
     */
    public String relay() {
        return switch (this) {
            case EPOLL -> "splice";
            case IO_URING -> "copy+splice";
            case NIO -> "copy";
        };
    }

    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        return serverSocketChannel;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return datagramChannel;
    }

    /**
     * Makes the sockets {@code bootstrap} binds take {@code family} only: an IPv6 socket leaves IPv4 to the IPv4 one on
     * the same port. NIO cannot set the option.
     */
    public void restrictToFamily(AbstractBootstrap<?, ?> bootstrap, IpFamily family) {
        if (this != NIO && family == IpFamily.IPV6) {
            bootstrap.option(IPV6_V6ONLY, 1);
        }
    }

    /** Whether this host can run the transport (NIO always can). */
    public boolean isAvailable() {
        return switch (this) {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO -> true;
        };
    }

    private Throwable unavailabilityCause() {
        return this == IO_URING ? IoUring.unavailabilityCause() : Epoll.unavailabilityCause();
    }

    /** A new event loop group of {@code threads} threads (0: Netty's default, twice the processors). */
    public EventLoopGroup newEventLoopGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlers.get());
    }

    /** {@code io_uring}, {@code epoll} or {@code nio}, for logs and metrics. */
    @Override
    public String toString() {
        return label;
    }
}
