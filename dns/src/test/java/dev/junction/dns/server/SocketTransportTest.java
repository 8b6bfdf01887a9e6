package dev.junction.dns.server;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.dns.records.RecordType;
import dev.junction.dns.records.StoreStates;
import dev.junction.dns.records.ZoneSettings;
import dev.junction.dns.transport.SocketTransport;
import dev.junction.dns.wire.Queries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.epoll.Epoll;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server on each Netty transport: native epoll (batched reads and writes, one UDP socket per event loop) and the
 * NIO fallback answer the same, over UDP and TCP, locally and forwarded.
 */
class SocketTransportTest {

    private static final int BURST = 500;

    @ParameterizedTest
    @EnumSource(SocketTransport.class)
    void answersTheZoneAndForwardsOverUdpAndTcp(SocketTransport transport) throws Exception {
        assumeAvailable(transport);
        try (StubUpstream upstream = new StubUpstream(); ClusterDnsServer server = start(transport, upstream)) {
            Dig.Result udp = Dig.query(server.address(), "web.ns1.svc.cluster.local", "A");
            Dig.Result tcp = Dig.query(server.address(), "+tcp", "web.ns1.svc.cluster.local", "A");
            Dig.Result forwarded = Dig.query(server.address(), "example.org", "A");
            Dig.Result retriedOverTcp = Dig.query(server.address(), "+tcp", "big.example.org", "A");

            assertThat(udp.section("ANSWER")).containsExactly("web.ns1.svc.cluster.local. 5 IN A 198.18.0.10");
            assertThat(tcp.section("ANSWER")).containsExactly("web.ns1.svc.cluster.local. 5 IN A 198.18.0.10");
            assertThat(forwarded.section("ANSWER")).containsExactly("example.org. 60 IN A 198.18.100.1");
            assertThat(retriedOverTcp.section("ANSWER")).hasSize(60);
            assertThat(upstream.tcpQuestions).hasValue(1);
        }
    }

    /** Queries sent back to back queue up in the socket: read in batches, every one gets its own reply. */
    @ParameterizedTest
    @EnumSource(SocketTransport.class)
    void answersEveryQueryOfABurst(SocketTransport transport) throws Exception {
        assumeAvailable(transport);
        try (StubUpstream upstream = new StubUpstream(); ClusterDnsServer server = start(transport, upstream);
                DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setReceiveBufferSize(1 << 20);
            client.setSoTimeout(2000);
            for (int id = 0; id < BURST; id++) {
                String name = id % 2 == 0 ? "web.ns1.svc.cluster.local." : "x.ns1.svc.cluster.local.";
                byte[] query = bytes(Queries.query(id, name, RecordType.A));
                client.send(new DatagramPacket(query, query.length, server.address()));
            }
            BitSet answered = new BitSet(BURST);
            byte[] buffer = new byte[512];
            for (int i = 0; i < BURST; i++) {
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                client.receive(reply);
                ByteBuf message = Unpooled.wrappedBuffer(buffer, 0, reply.getLength());
                int id = message.getUnsignedShort(0);
                assertThat(Queries.rcode(message)).as("rcode of reply %d", id).isEqualTo(id % 2 == 0 ? 0 : 3);
                answered.set(id);
            }
            assertThat(answered.cardinality()).isEqualTo(BURST);
        }
    }

    private static void assumeAvailable(SocketTransport transport) {
        Dig.assumeInstalled();
        assumeTrue(transport != SocketTransport.EPOLL || Epoll.isAvailable(),
                "native epoll is not available here: " + Epoll.unavailabilityCause());
    }

    private static ClusterDnsServer start(SocketTransport transport, StubUpstream upstream) throws Exception {
        DnsSettings settings = DnsSettings.of(new InetSocketAddress("127.0.0.1", 0), ZoneSettings.defaults(),
                List.of(upstream.address()));
        ClusterDnsServer server = ClusterDnsServer.start(StoreStates.syncedStore(List.of(
                service("ns1", "web").clusterIp("198.18.0.10").port("http", 80).build())), settings,
                new SimpleMeterRegistry(), transport);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(server::isReady);
        return server;
    }

    private static byte[] bytes(ByteBuf buffer) {
        try {
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }
}
