package dev.junction.dns.transport;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.StandardSocketOptions;

/**
 * The Netty transport the responder's sockets use. Native epoll, where its library loads (Linux x86_64), reads and
 * writes several datagrams per system call ({@code recvmmsg}, {@code sendmmsg}); NIO works everywhere else. Channels
 * must match the event loop group they are registered with, so the server and the forwarder take both from here.
 */
public enum SocketTransport {
    EPOLL,
    NIO;

    /** Epoll when available, else NIO. */
    public static SocketTransport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads,
                this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Sets {@code SO_REUSEPORT}, so that several sockets (one per event loop) can share one port. */
    public <B extends AbstractBootstrap<B, ?>> B reusePort(B bootstrap) {
        return this == EPOLL ? bootstrap.option(EpollChannelOption.SO_REUSEPORT, true)
                : bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
    }

    /**
     * Lets a datagram socket read up to {@code batch} datagrams of at most {@code maxDatagram} octets each in one
     * {@code recvmmsg} (epoll only; NIO reads one per call). A longer datagram is cut to {@code maxDatagram} octets,
     * which is also the limit of a single read.
     */
    public Bootstrap receiveInBatches(Bootstrap bootstrap, int maxDatagram, int batch) {
        bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR,
                new FixedRecvByteBufAllocator(this == EPOLL ? maxDatagram * batch : maxDatagram));
        return this == EPOLL ? bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram) : bootstrap;
    }

    /** The name logged when the server starts. */
    public String tag() {
        return this == EPOLL ? "epoll" : "nio";
    }
}
