package dev.junction.userspace.serve;

import static dev.junction.userspace.serve.LineClient.connect;
import static dev.junction.userspace.serve.ServeFixtures.LOOPBACK;
import static dev.junction.userspace.serve.ServeFixtures.key;
import static dev.junction.userspace.serve.ServeFixtures.snapshot;
import static dev.junction.userspace.serve.ServeFixtures.tcpPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.userspace.Transport;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.TableSettings;
import dev.junction.userspace.tcp.TcpProxySettings;
import dev.junction.userspace.udp.UdpProxySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listeners on real loopback sockets: binding, table swaps, draining and bind failures. */
class ListenerReconcilerTest {

    private static final List<IpAddress> LOOPBACK_NODE_PORTS = List.of(LOOPBACK);

    private final LoopbackServers servers = new LoopbackServers();
    private final ListenerTransport transport = ListenerTransport.create(Transport.select(UserspaceTransport.AUTO), 1);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ListenerReconciler reconciler = reconciler(Duration.ofMinutes(1));

    @AfterEach
    void closeEverything() {
        reconciler.close();
        transport.close();
        servers.close();
    }

    @Test
    void eachServicePortGetsAListenerThatBalancesAcrossItsEndpoints() throws IOException {
        ServicePort web = tcpPort("web", "198.18.0.10", 0, List.of(servers.greeter("a"), servers.greeter("b")));
        ServicePort api = tcpPort("api", "198.18.0.11", 0, List.of(servers.greeter("c")));

        Map<ListenerKey, Integer> ports = reconcile(web, api);

        assertThat(ports).containsOnlyKeys(key(web), key(api));
        assertThat(greetings(ports.get(key(web)), 4)).containsExactlyInAnyOrder("a", "b");
        assertThat(greetings(ports.get(key(api)), 2)).containsExactly("c");
    }

    @Test
    void aClientThatSendsItsRequestAndHalfClosesAtOnceGetsTheAnswer() throws IOException {
        ServicePort web = tcpPort("web", "198.18.0.10", 0, List.of(servers.answersAtEndOfRequest("a")));
        int port = reconcile(web).get(key(web));

        for (int i = 0; i < 20; i++) {
            try (LineClient client = connect(port)) {
                client.send("GET");
                client.endRequest();
                assertThat(client.readLine()).isEqualTo("a");
            }
        }
    }

    @Test
    void aNewSnapshotSwapsTheTablesAndKeepsTheListenerAndEstablishedConnections() throws IOException {
        Endpoint a = servers.greeter("a");
        ServicePort before = tcpPort("web", "198.18.0.10", 0, List.of(a));
        int port = reconcile(before).get(key(before));
        try (LineClient established = connect(port)) {
            assertThat(established.readLine()).isEqualTo("a");

            Map<ListenerKey, Integer> after =
                    reconcile(tcpPort("web", "198.18.0.10", 0, List.of(servers.greeter("b"))));

            assertThat(after.get(key(before))).as("same proxy port").isEqualTo(port);
            assertThat(greetings(port, 3)).containsExactly("b");
            assertThat(echo(established, "still a")).isEqualTo("still a");
            assertThat(reconciler.listener(key(before)).connections().count(a)).isEqualTo(1);
        }
    }

    @Test
    void connectionsToARemovedEndpointAreClosedAfterTheDrainTimeout() throws IOException {
        reconciler.close();
        reconciler = reconciler(Duration.ofMillis(200));
        ServicePort before = tcpPort("web", "198.18.0.10", 0, List.of(servers.greeter("a")));
        int port = reconcile(before).get(key(before));
        try (LineClient established = connect(port)) {
            assertThat(established.readLine()).isEqualTo("a");

            reconcile(tcpPort("web", "198.18.0.10", 0, List.of(servers.greeter("b"))));

            assertThat(established.readLine()).as("closed by the drain").isNull();
        }
    }

    @Test
    void aServicePortThatLeavesOrLosesEveryEndpointStopsListeningAndItsConnectionsContinue() throws IOException {
        ServicePort web = tcpPort("web", "198.18.0.10", 0, List.of(servers.greeter("a")));
        ServicePort api = tcpPort("api", "198.18.0.11", 0, List.of(servers.greeter("c")));
        Map<ListenerKey, Integer> ports = reconcile(web, api);
        try (LineClient established = connect(ports.get(key(web)))) {
            assertThat(established.readLine()).isEqualTo("a");

            Map<ListenerKey, Integer> after = reconcile(tcpPort("web", "198.18.0.10", 0, List.of()));

            assertThat(after).isEmpty();
            assertThatThrownBy(() -> connect(ports.get(key(web)))).isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> connect(ports.get(key(api)))).isInstanceOf(ConnectException.class);
            assertThat(echo(established, "draining")).isEqualTo("draining");
        }
    }

    @Test
    void nodePortsAreServedOnTheNodeAddressesAndMoveWithTheService() throws IOException {
        int first = freePort();
        ServicePort web = tcpPort("web", "198.18.0.10", first, List.of(servers.greeter("a")));
        reconcile(web);
        assertThat(greetings(first, 1)).containsExactly("a");

        int second = freePort();
        reconcile(tcpPort("web", "198.18.0.10", second, List.of(servers.greeter("a"))));

        assertThat(greetings(second, 1)).containsExactly("a");
        assertThatThrownBy(() -> connect(first)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aNodePortThatCannotBeBoundIsCountedAndRetriedWhileEverythingElseIsServed() throws IOException {
        ServicePort web;
        ServicePort api;
        int apiNodePort = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            web = tcpPort("web", "198.18.0.10", taken.getLocalPort(), List.of(servers.greeter("a")));
            api = tcpPort("api", "198.18.0.11", apiNodePort, List.of(servers.greeter("c")));

            Map<ListenerKey, Integer> ports = reconcile(web, api);

            assertThat(registry.get("junction.userspace.listen.errors").counter().count()).isEqualTo(1);
            assertThat(greetings(ports.get(key(web)), 1)).as("the ClusterIP side still serves").containsExactly("a");
            assertThat(greetings(apiNodePort, 1)).containsExactly("c");
        }

        reconcile(web, api);

        assertThat(greetings(web.nodePort(), 1)).as("bound on the next sync").containsExactly("a");
    }

    @Test
    void tcpAndUdpPortsWithEndpointsGetAListenerButNotSctpOrEmptyOnes() {
        ServicePort udp = ServeFixtures.port("dns", Protocol.UDP, "198.18.0.16", 0, ServicePort.Frontends.NONE,
                List.of(servers.greeter("a")));
        ServicePort sctp = ServeFixtures.port("sig", Protocol.SCTP, "198.18.0.17", 0, ServicePort.Frontends.NONE,
                List.of(servers.greeter("b")));
        ServicePort empty = tcpPort("empty", "198.18.0.12", 0, List.of());

        assertThat(reconcile(udp, sctp, empty)).containsOnlyKeys(key(udp));
    }

    private ListenerReconciler reconciler(Duration drainTimeout) {
        return new ListenerReconciler(transport, new ServeSettings(TableSettings.DEFAULT, HealthPolicy.DEFAULT,
                TcpProxySettings.DEFAULT, UdpProxySettings.DEFAULT, drainTimeout), registry,
                OriginalDestination.load(), System::nanoTime);
    }

    private Map<ListenerKey, Integer> reconcile(ServicePort... ports) {
        return reconciler.reconcile(snapshot(ports), LOOPBACK_NODE_PORTS, ClusterTraffic.NONE);
    }

    private static Set<String> greetings(int port, int connections) throws IOException {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < connections; i++) {
            try (LineClient client = connect(port)) {
                names.add(client.readLine());
            }
        }
        return names;
    }

    private static String echo(LineClient client, String text) throws IOException {
        client.send(text);
        return client.readLine();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
