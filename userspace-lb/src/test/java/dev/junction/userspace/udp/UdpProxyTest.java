package dev.junction.userspace.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.model.SessionAffinity;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import dev.junction.core.testing.ServicePorts;
import dev.junction.core.config.BalanceMode;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpProxyTest {

    private static final UdpProxySettings SETTINGS = new UdpProxySettings(Duration.ofMinutes(1), 100, 16);

    private final UdpLoopbackBed bed = new UdpLoopbackBed();
    private final EndpointStates states = new EndpointStates(new HealthPolicy(1, Duration.ofSeconds(10)));
    private final AtomicReference<EndpointTable> tables = new AtomicReference<>();

    @AfterEach
    void closeBed() {
        bed.close();
    }

    private EndpointTable table(Endpoint... endpoints) {
        List<Endpoint> list = List.of(endpoints);
        var port = ServicePorts.port("dns", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0,
                new EndpointSet(list, list, List.of(), list, !list.isEmpty()));
        return EndpointTable.build(port, Origin.INTERNAL, TableSettings.of(BalanceMode.ROUND_ROBIN), states);
    }

    /** {@code ns1/dns:dns} over UDP with ClientIP affinity. */
    private EndpointTable affinityTable(Endpoint... endpoints) {
        List<Endpoint> list = List.of(endpoints);
        var port = new ServicePort(new ServicePortName(new ObjectRef("ns1", "dns"), "dns", Protocol.UDP),
                IpFamily.IPV4, IpAddress.parse("198.18.0.10"), 53, 0, ServicePort.Frontends.NONE,
                new ServicePolicies(TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER,
                        SessionAffinity.clientIp(SessionAffinity.DEFAULT_TIMEOUT_SECONDS), 0),
                new EndpointSet(list, list, List.of(), list, true));
        return EndpointTable.build(port, Origin.INTERNAL, TableSettings.of(BalanceMode.ROUND_ROBIN), states);
    }

    private InetSocketAddress proxy(UdpProxySettings settings, Endpoint... endpoints) {
        tables.set(table(endpoints));
        return bed.proxy(tables::get, settings, () -> 0);
    }

    /** Sends {@code payload} and returns the answering endpoint's name, checking that the proxy echoed it. */
    private static String ask(DatagramSocket client, InetSocketAddress proxy, String payload) throws IOException {
        UdpLoopbackBed.send(client, proxy, payload);
        String answer = UdpLoopbackBed.receive(client, proxy);
        assertThat(answer).endsWith(":" + payload);
        return answer.substring(0, answer.indexOf(':'));
    }

    @Test
    void eachClientPortIsOneFlowToOneEndpointAndRepliesComeFromTheServiceAddress() throws IOException {
        InetSocketAddress proxy = proxy(SETTINGS, bed.echoEndpoint("e1"), bed.echoEndpoint("e2"));
        DatagramSocket first = bed.client();
        DatagramSocket second = bed.client();

        String firstEndpoint = ask(first, proxy, "a");
        String secondEndpoint = ask(second, proxy, "b");
        for (int i = 0; i < 3; i++) {
            assertThat(ask(first, proxy, "a" + i)).isEqualTo(firstEndpoint);
            assertThat(ask(second, proxy, "b" + i)).isEqualTo(secondEndpoint);
        }

        assertThat(List.of(firstEndpoint, secondEndpoint)).containsExactlyInAnyOrder("e1", "e2");
        assertThat(bed.count("junction.userspace.connections")).isEqualTo(2);
        assertThat(bed.active()).isEqualTo(2);
        // Payloads "a", "b", then "a0".."b2"; each answer adds "eN:" to its payload.
        assertThat(bed.count("junction.userspace.bytes", "direction", "upstream")).isEqualTo(2 + 6 * 2);
        assertThat(bed.count("junction.userspace.bytes", "direction", "downstream")).isEqualTo(2 * 4 + 6 * 5);
    }

    @Test
    void eachNewFlowIsServedByTheTableChosenForItsClient() throws IOException {
        EndpointTable near = table(bed.echoEndpoint("near"));
        EndpointTable far = table(bed.echoEndpoint("far"));
        IpAddress other = IpAddress.parse("127.0.0.2");
        InetSocketAddress proxy = bed.proxy(
                (client, listener) -> new IpAddress(client.getAddress()).equals(other) ? () -> far : () -> near,
                SETTINGS, () -> 0);

        assertThat(ask(bed.client(), proxy, "a")).isEqualTo("near");
        assertThat(ask(bed.client(other), proxy, "b")).isEqualTo("far");
    }

    @Test
    void withClientIpAffinityEveryPortOfAClientReachesTheSameEndpoint() throws IOException {
        tables.set(affinityTable(bed.echoEndpoint("e1"), bed.echoEndpoint("e2")));
        InetSocketAddress proxy = bed.proxy(tables::get, SETTINGS, () -> 0);

        String first = ask(bed.client(), proxy, "a");
        for (int i = 0; i < 4; i++) {
            assertThat(ask(bed.client(), proxy, "b" + i)).isEqualTo(first);
        }
        assertThat(bed.count("junction.userspace.connections")).isEqualTo(5);
    }

    @Test
    void datagramsSentBeforeTheFlowsSocketIsOpenAreQueuedNotLost() throws IOException {
        InetSocketAddress proxy = proxy(SETTINGS, bed.echoEndpoint("e1"));
        DatagramSocket client = bed.client();

        for (int i = 0; i < 5; i++) {
            UdpLoopbackBed.send(client, proxy, "q" + i);
        }

        for (int i = 0; i < 5; i++) {
            assertThat(UdpLoopbackBed.receive(client, proxy)).isEqualTo("e1:q" + i);
        }
    }

    @Test
    void anIdleFlowIsClosedAndTheClientsNextDatagramOpensANewOne() throws IOException {
        InetSocketAddress proxy = proxy(new UdpProxySettings(Duration.ofMillis(200), 100, 16),
                bed.echoEndpoint("e1"));
        DatagramSocket client = bed.client();
        ask(client, proxy, "first");

        await().atMost(Duration.ofSeconds(5)).until(() -> bed.active() == 0);
        ask(client, proxy, "again");

        assertThat(bed.count("junction.userspace.connections")).isEqualTo(2);
    }

    @Test
    void aDatagramThatWouldOpenAFlowAboveTheLimitIsDroppedAndCounted() throws IOException {
        InetSocketAddress proxy = proxy(new UdpProxySettings(Duration.ofMinutes(1), 1, 16), bed.echoEndpoint("e1"));
        DatagramSocket admitted = bed.client();
        DatagramSocket refused = bed.client();
        ask(admitted, proxy, "in");

        UdpLoopbackBed.send(refused, proxy, "out");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> bed.count("junction.userspace.refused", "reason", "limit") == 1);
        assertThat(UdpLoopbackBed.receivesWithin(refused, 200)).isFalse();
        assertThat(ask(admitted, proxy, "still in")).isEqualTo("e1");
    }

    @Test
    void withoutEndpointsDatagramsAreDroppedAndCounted() throws IOException {
        InetSocketAddress proxy = proxy(SETTINGS);
        DatagramSocket client = bed.client();

        UdpLoopbackBed.send(client, proxy, "anyone?");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> bed.count("junction.userspace.refused", "reason", "no_endpoints") == 1);
        assertThat(bed.active()).isZero();
    }

    @Test
    void aDatagramForAFlowWhoseSocketCannotConnectIsReleasedAndCounted() throws IOException {
        // Linux refuses to connect a UDP socket to the broadcast address without SO_BROADCAST (EACCES): the flow
        // fails while it opens, with its first datagram in hand. No packet leaves the socket.
        Endpoint broadcast = new Endpoint(IpAddress.parse("255.255.255.255"), 9, false, true, true, false, Set.of(),
                Set.of());
        InetSocketAddress proxy = proxy(SETTINGS, broadcast);
        DatagramSocket client = bed.client();

        UdpLoopbackBed.send(client, proxy, "lost?");

        await().atMost(Duration.ofSeconds(5)).until(() -> bed.count("junction.userspace.connect.errors") == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> bed.active() == 0);
    }

    @Test
    void aFlowWhoseEndpointLeftTheTableMovesWhileOthersKeepTheirs() throws IOException {
        Endpoint e1 = bed.echoEndpoint("e1");
        Endpoint e2 = bed.echoEndpoint("e2");
        InetSocketAddress proxy = proxy(SETTINGS, e1, e2);
        DatagramSocket first = bed.client();
        DatagramSocket second = bed.client();
        String firstEndpoint = ask(first, proxy, "a");
        ask(second, proxy, "b");
        Endpoint kept = firstEndpoint.equals("e1") ? e2 : e1;

        tables.set(table(kept));

        String keptName = kept == e1 ? "e1" : "e2";
        assertThat(ask(first, proxy, "a")).isEqualTo(keptName);
        assertThat(ask(second, proxy, "b")).isEqualTo(keptName);
        assertThat(bed.count("junction.userspace.connections")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> bed.active() == 2);
    }

    @Test
    void anEndpointAnsweringPortUnreachableIsEjectedAndTheClientMoves() throws IOException {
        InetSocketAddress proxy = proxy(SETTINGS, bed.closedPort(), bed.echoEndpoint("e1"));

        // Round-robin starts at a random endpoint: new clients until one has tried the closed port.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            UdpLoopbackBed.send(bed.client(), proxy, "x");
            return bed.count("junction.userspace.endpoint.ejections") == 1;
        });

        for (int i = 0; i < 3; i++) {
            assertThat(ask(bed.client(), proxy, "y" + i)).isEqualTo("e1");
        }
        assertThat(bed.count("junction.userspace.connect.errors")).isPositive();
    }
}
