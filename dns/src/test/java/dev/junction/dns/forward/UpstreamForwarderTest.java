package dev.junction.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.dns.cache.ResponseCache;
import dev.junction.dns.records.RecordType;
import dev.junction.dns.transport.SocketTransport;
import dev.junction.dns.wire.DnsQuery;
import dev.junction.dns.wire.QueryDecoder;
import dev.junction.dns.wire.Queries;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The forwarder against loopback sockets that answer, stay silent, or answer with the wrong ID. */
class UpstreamForwarderTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicInteger errors = new AtomicInteger();
    private final ForwardMetrics metrics = new ForwardMetrics() {
        @Override
        public void cacheHit() {
        }

        @Override
        public void cacheMiss() {
        }

        @Override
        public void upstreamError(String reason) {
            errors.incrementAndGet();
        }
    };
    private Forwarder forwarder;

    @AfterEach
    void close() {
        if (forwarder != null) {
            forwarder.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void triesTheNextUpstreamWhenOneIsSilent() throws Exception {
        try (DatagramSocket silent = socket(); DatagramSocket echo = socket()) {
            Thread.ofPlatform().daemon().start(() -> answer(echo, 0));
            forwarder = UpstreamForwarder.create(SocketTransport.NIO, group, List.of(address(silent), address(echo)),
                    Duration.ofMillis(300), new ResponseCache(0, System::nanoTime), metrics);

            ByteBuf reply = forwarder.forward(query(42), 512).get(5, TimeUnit.SECONDS);
            try {
                assertThat(reply.getUnsignedShort(0)).as("the client's ID").isEqualTo(42);
                assertThat(Queries.flags(reply) & 0x8000).as("QR").isNotZero();
            } finally {
                reply.release();
            }
            assertThat(errors).hasValue(1);
        }
    }

    @Test
    void aReplyWithTheWrongIdIsIgnoredAndTheQuestionFails() throws Exception {
        try (DatagramSocket liar = socket()) {
            Thread.ofPlatform().daemon().start(() -> answer(liar, 1));
            forwarder = UpstreamForwarder.create(SocketTransport.NIO, group, List.of(address(liar)),
                    Duration.ofMillis(300), new ResponseCache(0, System::nanoTime), metrics);

            assertThatThrownBy(() -> forwarder.forward(query(42), 512).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UpstreamException.class);
        }
    }

    @Test
    void withoutUpstreamsEveryQuestionFailsAtOnce() {
        forwarder = UpstreamForwarder.create(SocketTransport.NIO, group, List.of(), Duration.ofMillis(300),
                new ResponseCache(0, System::nanoTime), metrics);

        assertThat(forwarder.forward(query(1), 512)).isCompletedExceptionally();
    }

    /** Answers one query with its own bytes turned into a response, its ID shifted by {@code idOffset}. */
    private static void answer(DatagramSocket socket, int idOffset) {
        try {
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            socket.receive(packet);
            byte[] reply = Arrays.copyOf(packet.getData(), packet.getLength());
            int id = ((reply[0] & 0xff) << 8 | (reply[1] & 0xff)) + idOffset;
            reply[0] = (byte) (id >> 8);
            reply[1] = (byte) id;
            reply[2] |= (byte) 0x80;
            socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        } catch (IOException e) {
            // the test closed the socket first
        }
    }

    private static DatagramSocket socket() throws IOException {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static InetSocketAddress address(DatagramSocket socket) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    private static DnsQuery query(int id) {
        ByteBuf message = Queries.query(id, "example.org", RecordType.A);
        DnsQuery query = (DnsQuery) QueryDecoder.decode(message);
        message.release();
        return query;
    }
}
