package dev.junction.dns.server;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.junction.dns.cache.ResponseCache;
import dev.junction.dns.forward.Forwarder;
import dev.junction.dns.forward.ForwarderOverloadedException;
import dev.junction.dns.forward.UpstreamException;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordType;
import dev.junction.dns.records.StoreStates;
import dev.junction.dns.records.ZoneIndex;
import dev.junction.dns.records.ZoneIndexBuilder;
import dev.junction.dns.records.ZoneSettings;
import dev.junction.dns.wire.DnsQuery;
import dev.junction.dns.wire.Queries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pipelines in an {@link EmbeddedChannel}: protocol errors, framing, forwarding hand-off. */
class PipelineTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("198.18.9.1", 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("198.18.9.53", 53);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ZoneIndex zone = new ZoneIndexBuilder(ZoneSettings.defaults()).build(
            StoreStates.state(List.of(service("ns1", "web").clusterIp("198.18.0.10").port("http", 80).build())),
            true, 1);
    private final FailingForwarder forwarder = new FailingForwarder();
    private final DnsHandlers handlers = DnsHandlers.create(() -> zone, forwarder,
            new DnsMetrics(registry, new ResponseCache(0, System::nanoTime)));
    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        assertFalse(channel.finish(), "no message may be left in the channel");
    }

    record ErrorCase(String name, ByteBuf query, int rcode, int questions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ErrorCase> errors() {
        return Stream.of(
                new ErrorCase("an opcode other than QUERY is NOTIMP, header only",
                        Queries.query(7, 2 << 11, "web.ns1.svc.cluster.local", RecordType.A, 1, -1, 0),
                        Rcode.NOTIMP.code(), 0),
                new ErrorCase("two questions are FORMERR", twoQuestions(), Rcode.FORMERR.code(), 0),
                new ErrorCase("a question cut short is FORMERR",
                        Unpooled.wrappedBuffer(new byte[] {0, 7, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'e'}),
                        Rcode.FORMERR.code(), 0),
                new ErrorCase("a class other than IN is REFUSED, question echoed",
                        Queries.query(7, Queries.RD, "web.ns1.svc.cluster.local", RecordType.A, 3, -1, 0),
                        Rcode.REFUSED.code(), 1),
                new ErrorCase("AXFR is REFUSED",
                        Queries.query(7, Queries.RD, "cluster.local", RecordType.AXFR, 1, -1, 0),
                        Rcode.REFUSED.code(), 1),
                new ErrorCase("an EDNS version other than 0 is BADVERS (low bits 0, the rest in OPT)",
                        Queries.query(7, Queries.RD, "web.ns1.svc.cluster.local", RecordType.A, 1, 1232, 1),
                        0, 1));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void answersProtocolErrors(ErrorCase c) {
        channel = udpChannel();

        channel.writeInbound(new DatagramPacket(c.query(), SERVER, CLIENT));

        DatagramPacket reply = channel.readOutbound();
        try {
            assertThat(reply.recipient()).isEqualTo(CLIENT);
            assertThat(reply.content().getUnsignedShort(0)).isEqualTo(7);
            assertThat(Queries.flags(reply.content()) & 0x8000).as("QR").isNotZero();
            assertThat(Queries.rcode(reply.content())).isEqualTo(c.rcode());
            assertThat(Queries.count(reply.content(), 0)).isEqualTo(c.questions());
        } finally {
            reply.release();
        }
    }

    @Test
    void badversCarriesTheExtendedRcodeInTheOptRecord() {
        channel = udpChannel();

        channel.writeInbound(new DatagramPacket(
                Queries.query(7, Queries.RD, "web.ns1.svc.cluster.local", RecordType.A, 1, 1232, 1), SERVER, CLIENT));

        DatagramPacket reply = channel.readOutbound();
        try {
            ByteBuf content = reply.content();
            assertThat(Queries.count(content, 3)).isEqualTo(1);
            // OPT is last: root(1) type(2) class(2) then TTL, whose first octet is the extended rcode
            int ttlAt = content.writerIndex() - 6;
            assertThat((int) content.getUnsignedByte(ttlAt)).isEqualTo(Rcode.BADVERS.code() >> 4);
        } finally {
            reply.release();
        }
    }

    @Test
    void dropsResponsesAndRuntPackets() {
        channel = udpChannel();
        ByteBuf response = Queries.query(7, "web.ns1.svc.cluster.local", RecordType.A);
        response.setShort(2, 0x8100);

        channel.writeInbound(new DatagramPacket(response, SERVER, CLIENT));
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[11]), SERVER, CLIENT));

        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(registry.counter(DnsMeters.DROPPED.meterName(), "proto", "udp").count()).isEqualTo(2);
    }

    @Test
    void aZoneNameIsAnsweredAndANameOutsideGoesToTheForwarder() {
        channel = udpChannel();

        channel.writeInbound(new DatagramPacket(Queries.query(1, "web.ns1.svc.cluster.local", RecordType.A),
                SERVER, CLIENT));
        channel.writeInbound(new DatagramPacket(Queries.query(2, "example.org", RecordType.A), SERVER, CLIENT));

        DatagramPacket local = channel.readOutbound();
        DatagramPacket forwarded = channel.readOutbound();
        try {
            assertThat(Queries.rcode(local.content())).isEqualTo(0);
            assertThat(Queries.count(local.content(), 1)).isEqualTo(1);
            assertThat(forwarder.asked).containsExactly("example.org.");
            assertThat(forwarded.content().getUnsignedShort(0)).isEqualTo(2);
            assertThat(Queries.rcode(forwarded.content())).isEqualTo(Rcode.SERVFAIL.code());
        } finally {
            local.release();
            forwarded.release();
        }
    }

    @Test
    void tcpFramesSeveralQueriesFromOneBufferAndPrefixesReplies() {
        channel = tcpChannel();
        ByteBuf stream = Unpooled.buffer();
        for (int id = 1; id <= 2; id++) {
            ByteBuf query = Queries.query(id, "web.ns1.svc.cluster.local", RecordType.A);
            stream.writeShort(query.readableBytes()).writeBytes(query);
            query.release();
        }

        channel.writeInbound(stream);

        for (int id = 1; id <= 2; id++) {
            ByteBuf reply = readTcpReply();
            try {
                assertThat(reply.getUnsignedShort(0)).isEqualTo(reply.readableBytes() - 2);
                assertThat(reply.getUnsignedShort(2)).isEqualTo(id);
            } finally {
                reply.release();
            }
        }
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void tcpRepliesAreNeverTruncatedBelow65535() {
        channel = tcpChannel();
        ByteBuf query = Queries.query(3, "web.ns1.svc.cluster.local", RecordType.SRV);
        ByteBuf framed = Unpooled.buffer().writeShort(query.readableBytes()).writeBytes(query);
        query.release();

        channel.writeInbound(framed);

        ByteBuf reply = readTcpReply();
        try {
            assertThat(Queries.flags(reply.slice(2, reply.readableBytes() - 2)) & 0x0200).as("TC").isZero();
        } finally {
            reply.release();
        }
    }

    @Test
    void anIdleTcpConnectionIsClosed() {
        channel = tcpChannel();

        channel.advanceTimeBy(11, TimeUnit.SECONDS);
        channel.runPendingTasks();

        assertThat(channel.isOpen()).isFalse();
    }

    /** Replies come out of the TCP pipeline as a length buffer and a message buffer, or as one. */
    private ByteBuf readTcpReply() {
        ByteBuf first = channel.readOutbound();
        if (first.readableBytes() > 2) {
            return first;
        }
        ByteBuf second = channel.readOutbound();
        ByteBuf joined = Unpooled.buffer().writeBytes(first).writeBytes(second);
        first.release();
        second.release();
        return joined;
    }

    private EmbeddedChannel udpChannel() {
        return new EmbeddedChannel(new DnsPipelineInitializer(Transport.UDP, handlers, Duration.ofSeconds(10)));
    }

    private EmbeddedChannel tcpChannel() {
        return new EmbeddedChannel(new DnsPipelineInitializer(Transport.TCP, handlers, Duration.ofSeconds(10)));
    }

    private static ByteBuf twoQuestions() {
        ByteBuf query = Queries.query(7, "web.ns1.svc.cluster.local", RecordType.A);
        query.setShort(4, 2);
        Queries.writeName(query, "web.ns1.svc.cluster.local");
        return query.writeShort(RecordType.A).writeShort(1);
    }

    @Test
    void anOverloadedForwarderMeansRefused() {
        channel = udpChannel();
        forwarder.overloaded = true;

        channel.writeInbound(new DatagramPacket(Queries.query(2, "example.org", RecordType.A), SERVER, CLIENT));

        DatagramPacket reply = channel.readOutbound();
        try {
            assertThat(Queries.rcode(reply.content())).isEqualTo(Rcode.REFUSED.code());
        } finally {
            reply.release();
        }
    }

    /** A forwarder whose upstreams never answer (or that is overloaded); remembers what it was asked. */
    private static final class FailingForwarder implements Forwarder {
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile boolean overloaded;

        @Override
        public CompletableFuture<ByteBuf> forward(DnsQuery query, int replyLimit) {
            asked.add(query.lookupName());
            return CompletableFuture.failedFuture(overloaded ? new ForwarderOverloadedException("1000 in flight")
                    : new UpstreamException("no upstream in this test"));
        }

        @Override
        public void close() {
        }
    }
}
