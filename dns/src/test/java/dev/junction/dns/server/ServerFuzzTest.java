package dev.junction.dns.server;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.dns.records.StoreStates;
import dev.junction.dns.records.ZoneSettings;
import dev.junction.dns.wire.Fuzz;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Random and mutated packets at the real server over UDP and TCP; it must keep answering well-formed queries. */
class ServerFuzzTest {

    private static final int PACKETS = 2_000;

    private ClusterDnsServer server;

    @BeforeEach
    void start() throws Exception {
        Dig.assumeInstalled();
        DnsSettings settings = new DnsSettings(new InetSocketAddress("127.0.0.1", 0), ZoneSettings.defaults(),
                List.of(), Duration.ofMillis(200), 100, Duration.ofSeconds(10));
        server = ClusterDnsServer.start(StoreStates.syncedStore(List.of(
                service("ns1", "web").clusterIp("198.18.0.10").port("http", 80).build())), settings,
                new SimpleMeterRegistry());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(server::isReady);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keepsAnsweringAfterGarbageOverUdp() throws Exception {
        Fuzz fuzz = new Fuzz(7L);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < PACKETS; i++) {
                byte[] packet = fuzz.next();
                socket.send(new DatagramPacket(packet, packet.length, server.address()));
            }
        }

        assertAnswers("");
    }

    @Test
    void keepsAnsweringAfterGarbageOverTcp() throws Exception {
        Fuzz fuzz = new Fuzz(11L);
        for (int connection = 0; connection < 20; connection++) {
            try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < 50; i++) {
                    byte[] packet = fuzz.next();
                    out.write(new byte[] {(byte) (packet.length >> 8), (byte) packet.length});
                    out.write(packet);
                }
                out.flush();
            }
        }

        assertAnswers("+tcp");
    }

    /** Once the backlog of garbage is worked off (DEBUG logging per packet makes that slow), a query is answered. */
    private void assertAnswers(String transport) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Dig.Result result = transport.isEmpty()
                    ? Dig.query(server.address(), "web.ns1.svc.cluster.local", "A")
                    : Dig.query(server.address(), transport, "web.ns1.svc.cluster.local", "A");
            assertThat(result.section("ANSWER")).as(result.output())
                    .containsExactly("web.ns1.svc.cluster.local. 5 IN A 198.18.0.10");
        });
    }
}
