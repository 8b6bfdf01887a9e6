package dev.junction.core.health;

import static dev.junction.core.health.ServiceHealthFixtures.API;
import static dev.junction.core.health.ServiceHealthFixtures.WEB;
import static dev.junction.core.health.ServiceHealthFixtures.local;
import static dev.junction.core.health.ServiceHealthFixtures.port;
import static dev.junction.core.health.ServiceHealthFixtures.snapshot;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.net.IpAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real listeners on loopback, on ports found free just before each test. */
class ServiceHealthServerTest {

    private static final String LOOPBACK = "127.0.0.1";
    /** Linux answers on all of 127.0.0.0/8. */
    private static final String OTHER_LOOPBACK = "127.0.0.2";

    private final AtomicBoolean proxyHealthy = new AtomicBoolean(true);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ServiceHealthServer server =
            new ServiceHealthServer(List.of(IpAddress.parse(LOOPBACK)), proxyHealthy::get, registry);
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void closeAll() {
        server.close();
        client.close();
    }

    @Test
    void answersAnyPathWithKubeProxysStatusHeadersAndBody() throws Exception {
        int port = freePort();
        server.sync(snapshot(port(WEB, "http", port, local("198.18.2.1"), local("198.18.2.2"))));

        HttpResponse<String> healthy = get(port, "/any/path?x=1");
        proxyHealthy.set(false);
        HttpResponse<String> unhealthy = get(port, "/");

        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(healthy.headers().map()).containsAllEntriesOf(Map.of(
                "content-type", List.of("application/json"),
                "x-content-type-options", List.of("nosniff"),
                "x-load-balancing-endpoint-weight", List.of("2")));
        assertThat(healthy.body()).isEqualTo(new ServiceHealthResponse(WEB, 2, true).body());
        assertThat(unhealthy.statusCode()).isEqualTo(503);
        assertThat(unhealthy.body()).isEqualTo(new ServiceHealthResponse(WEB, 2, false).body());
    }

    @Test
    void opensOnSyncAndClosesWhenTheServiceGoesAway() throws Exception {
        int port = freePort();

        server.sync(snapshot(port(WEB, "http", port, local("198.18.2.1"))));
        boolean openedOnSync = isListening(port);
        server.sync(snapshot(port(WEB, "http", 0, local("198.18.2.1"))));

        assertThat(openedOnSync).isTrue();
        assertThat(server.listeners()).isEmpty();
        awaitReleased(port);
    }

    @Test
    void keepsAnUnchangedListenerOpenAndAnswersWithNewCounts() throws Exception {
        int port = freePort();
        server.sync(snapshot(port(WEB, "http", port, local("198.18.2.1"))));
        ServiceHealthServer.Listener before = server.listeners().get(WEB);

        server.sync(snapshot(port(WEB, "http", port)));

        assertThat(server.listeners().get(WEB)).isSameAs(before);
        HttpResponse<String> response = get(port, "/");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("X-Load-Balancing-Endpoint-Weight")).hasValue("0");
    }

    @Test
    void movesToANewPortWhenTheServiceChangesIt() throws Exception {
        int oldPort = freePort();
        int newPort = freePort();
        server.sync(snapshot(port(WEB, "http", oldPort, local("198.18.2.1"))));

        server.sync(snapshot(port(WEB, "http", newPort, local("198.18.2.1"))));

        assertThat(get(newPort, "/").statusCode()).isEqualTo(200);
        awaitReleased(oldPort);
    }

    @Test
    void aPortInUseIsCountedAndRetriedWhileOtherServicesAreServed() throws Exception {
        int busyPort = freePort();
        int freePort = freePort();
        var both = snapshot(port(WEB, "http", busyPort, local("198.18.2.1")),
                port(API, "grpc", freePort, local("198.18.2.7")));

        try (ServerSocket squatter = new ServerSocket(busyPort, 1, InetAddress.getByName(LOOPBACK))) {
            server.sync(both);
            server.sync(both);

            assertThat(get(freePort, "/").statusCode()).isEqualTo(200);
            assertThat(server.listeners()).containsOnlyKeys(API);
            assertThat(registry.get("junction.service.health.listen.failures").counter().count())
                    .as("one failure per sync").isEqualTo(2);
        }
        server.sync(both);

        assertThat(server.listeners()).containsOnlyKeys(API, WEB);
        assertThat(get(busyPort, "/").statusCode()).isEqualTo(200);
    }

    @Test
    void listensOnTheWildcardAddressWhenNoNodeAddressIsGiven() throws Exception {
        int port = freePort();
        try (ServiceHealthServer wildcard = new ServiceHealthServer(List.of(), proxyHealthy::get, registry)) {
            wildcard.sync(snapshot(port(WEB, "http", port, local("198.18.2.1"))));

            assertThat(List.copyOf(wildcard.listeners().get(WEB).channels())).singleElement()
                    .satisfies(channel -> assertThat(((InetSocketAddress) channel.localAddress()).getAddress()
                            .isAnyLocalAddress()).isTrue());
            assertThat(get(port, "/").statusCode()).isEqualTo(200);
        }
        awaitReleased(port);
    }

    @Test
    void listensOnEveryNodeAddressOrNone() throws Exception {
        int port = freePort();
        List<IpAddress> twoAddresses = List.of(IpAddress.parse(LOOPBACK), IpAddress.parse(OTHER_LOOPBACK));
        try (ServiceHealthServer twice = new ServiceHealthServer(twoAddresses, proxyHealthy::get, registry)) {
            var web = snapshot(port(WEB, "http", port, local("198.18.2.1")));
            try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getByName(OTHER_LOOPBACK))) {
                twice.sync(web);

                assertThat(twice.listeners()).isEmpty();
                await().until(() -> !isListening(LOOPBACK, port)); // released after the other address failed
            }
            twice.sync(web);

            assertThat(isListening(LOOPBACK, port)).isTrue();
            assertThat(isListening(OTHER_LOOPBACK, port)).isTrue();
        }
    }

    @Test
    void closingAListenerClosesItsKeptAliveConnections() throws Exception {
        int port = freePort();
        server.sync(snapshot(port(WEB, "http", port, local("198.18.2.1"))));
        try (Socket connection = new Socket(LOOPBACK, port)) {
            connection.setSoTimeout(10_000);
            connection.getOutputStream().write("GET / HTTP/1.1\r\nHost: probe\r\n\r\n".getBytes(US_ASCII));
            InputStream in = connection.getInputStream();
            String head = new String(in.readNBytes("HTTP/1.1 200".length()), US_ASCII);

            server.sync(snapshot());

            assertThat(head).isEqualTo("HTTP/1.1 200");
            assertThat(in.readAllBytes()).as("the rest of the response, then end of stream").isNotEmpty();
        }
    }

    @Test
    void closeStopsEveryListenerAndLaterSyncsDoNothing() throws Exception {
        int first = freePort();
        int second = freePort();
        var snapshot = snapshot(port(WEB, "http", first), port(API, "grpc", second));
        server.sync(snapshot);

        server.close();
        server.sync(snapshot);

        assertThat(server.listeners()).isEmpty();
        awaitReleased(first);
        awaitReleased(second);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + LOOPBACK + ":" + port + path);
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A port nothing listens on right now; nothing else on this machine races for loopback ports in tests. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    /** Released a moment after close: NIO unbinds on the event loop's next select. */
    private static void awaitReleased(int port) {
        await().until(() -> !isListening(port));
    }

    private static boolean isListening(int port) {
        return isListening(LOOPBACK, port);
    }

    private static boolean isListening(String address, int port) {
        try (Socket socket = new Socket(address, port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
