package dev.junction.userspace.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.net.IpFamily;
import dev.junction.userspace.tcp.Sockaddr;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The sockaddr bytes getsockopt returns, and the call itself on a real accepted socket. */
class OriginalDestinationTest {

    @Test
    void decodesSockaddrInWithTheFamilyInHostOrderAndThePortInNetworkOrder() {
        byte[] sockaddr = new byte[16];
        ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).putShort((short) Sockaddr.AF_INET);
        sockaddr[2] = 0x1f; // port 8080 = 0x1f90
        sockaddr[3] = (byte) 0x90;
        sockaddr[4] = (byte) 198;
        sockaddr[5] = 18;
        sockaddr[6] = 0;
        sockaddr[7] = 10;

        assertThat(Sockaddr.decode(sockaddr, 16)).isEqualTo(new InetSocketAddress("198.18.0.10", 8080));
    }

    @Test
    void decodesSockaddrIn6() {
        byte[] sockaddr = new byte[28];
        ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).putShort((short) Sockaddr.AF_INET6);
        sockaddr[2] = 0;
        sockaddr[3] = 80;
        sockaddr[8] = (byte) 0xfd; // fd00::10, after 4 bytes of flow information
        sockaddr[23] = 0x10;

        assertThat(Sockaddr.decode(sockaddr, 28)).isEqualTo(new InetSocketAddress("fd00::10", 80));
    }

    @Test
    void rejectsBytesOfAnotherFamilyOrTooShort() {
        byte[] sockaddr = new byte[16];
        ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).putShort((short) 1);

        assertThatThrownBy(() -> Sockaddr.decode(sockaddr, 16)).hasMessage(
                "sockaddr family 1 of 16 bytes (expected: AF_INET in 16 bytes or AF_INET6 in 28)");
        assertThatThrownBy(() -> Sockaddr.decode(new byte[28], 1))
                .hasMessage("sockaddr of 1 bytes (expected: 16 or 28)");
    }

    /**
     * Without a redirect, conntrack (when it tracks loopback here) reports the socket's own local address, and without
     * conntrack the call fails: either way, never another address.
     */
    @Test
    void anUnredirectedConnectionReportsItsOwnLocalAddressOrNothing() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "needs native epoll for the accepted socket's descriptor");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CompletableFuture<Optional<InetSocketAddress>> answer = new CompletableFuture<>();
        CompletableFuture<InetSocketAddress> local = new CompletableFuture<>();
        OriginalDestination originalDestination = OriginalDestination.load();
        try {
            Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            EpollSocketChannel accepted = (EpollSocketChannel) ctx.channel();
                            local.complete(accepted.localAddress());
                            answer.complete(originalDestination.of(accepted.fd().intValue(), IpFamily.IPV4));
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), 0).syncUninterruptibly().channel();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(),
                    ((InetSocketAddress) server.localAddress()).getPort())) {
                Optional<InetSocketAddress> destination = answer.get(10, TimeUnit.SECONDS);
                destination.ifPresent(d -> assertThat(d).isEqualTo(local.join()));
            }
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
