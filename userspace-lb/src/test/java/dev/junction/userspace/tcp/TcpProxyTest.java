package dev.junction.userspace.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.testing.ServicePorts;
import dev.junction.core.config.BalanceMode;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP proxy on the transport production chooses by default; subclasses run every test on another setup. */
class TcpProxyTest {

    static final TcpProxySettings SETTINGS =
            new TcpProxySettings(Duration.ofSeconds(2), 3, Duration.ofMinutes(1));
    private static final Duration COOLDOWN = Duration.ofSeconds(10);

    final LoopbackBed bed = new LoopbackBed(transport());
    private final LoopbackBed.LongTicker ticker = new LoopbackBed.LongTicker();
    private final EndpointStates states = new EndpointStates(new HealthPolicy(1, COOLDOWN));

    @AfterEach
    void closeBed() {
        bed.close();
    }

    EndpointTable table(Endpoint... endpoints) {
        List<Endpoint> list = List.of(endpoints);
        var port = ServicePorts.port("web", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0,
                new EndpointSet(list, list, List.of(), list, !list.isEmpty()));
        return EndpointTable.build(port, Origin.INTERNAL, TableSettings.of(BalanceMode.ROUND_ROBIN), states);
    }

    /** Where the proxies of this class run. */
    UserspaceTransport transport() {
        return UserspaceTransport.AUTO;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new Random(count).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code payload} from another thread (the proxy echoes it back meanwhile), then half-closes if asked. */
    private static CompletableFuture<Void> writeInBackground(Socket socket, byte[] payload, boolean halfClose) {
        return CompletableFuture.runAsync(() -> {
            try {
                socket.getOutputStream().write(payload);
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    int proxy(EndpointTable table, TcpProxySettings settings) {
        return bed.proxy(() -> table, settings, ticker);
    }

    /** Connects through the proxy, echoes a line, and returns the backend's name. */
    static String greetingThrough(int proxyPort) throws IOException {
        try (Socket socket = LoopbackBed.connect(proxyPort)) {
            InputStream in = socket.getInputStream();
            String name = LoopbackBed.readLine(in);
            socket.getOutputStream().write("ping\n".getBytes(US_ASCII));
            assertThat(LoopbackBed.readLine(in)).isEqualTo("ping");
            return name;
        }
    }

    /** -1 when the proxy closed the connection, whether with a FIN or a reset. */
    static int readOrReset(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    /** The sum over the meter's tags, for example both directions of bytes. */
    double count(String meter) {
        return bed.registry.get(meter).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void balancesRoundRobinOverTwoBackends() throws IOException {
        int port = proxy(table(bed.echoBackend("b1"), bed.echoBackend("b2")), SETTINGS);

        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            names.add(greetingThrough(port));
        }

        assertThat(names).containsExactlyInAnyOrder("b1", "b1", "b2", "b2");
        assertThat(count("junction.userspace.connections")).isEqualTo(4);
        await().until(() -> bed.registry.get("junction.userspace.connections.active").gauge().value() == 0);
    }

    @Test
    void retriesTheNextEndpointAndEjectsTheOneThatRefusedUntilTheCooldownEnds() throws IOException {
        int port = proxy(table(bed.closedPort(), bed.echoBackend("b1")), SETTINGS);

        for (int i = 0; i < 4; i++) {
            assertThat(greetingThrough(port)).isEqualTo("b1");
        }
        assertThat(count("junction.userspace.connect.errors")).isEqualTo(1);
        assertThat(count("junction.userspace.endpoint.ejections")).isEqualTo(1);

        ticker.advance(COOLDOWN.toNanos());
        for (int i = 0; i < 2; i++) {
            assertThat(greetingThrough(port)).isEqualTo("b1");
        }
        assertThat(count("junction.userspace.connect.errors")).isEqualTo(2);
    }

    @Test
    void triesTheNextEndpointWhenAConnectTimesOut() throws IOException {
        var settings = new TcpProxySettings(Duration.ofMillis(300), 3, Duration.ofMinutes(1));
        int port = proxy(table(bed.blackHole(), bed.echoBackend("b1")), settings);

        for (int i = 0; i < 2; i++) {
            assertThat(greetingThrough(port)).isEqualTo("b1");
        }
        assertThat(count("junction.userspace.connect.errors")).isEqualTo(1);
    }

    @Test
    void closesTheClientWhenNoEndpointAnswers() throws IOException {
        int port = proxy(table(bed.closedPort(), bed.closedPort()), SETTINGS);

        try (Socket socket = LoopbackBed.connect(port)) {
            assertThat(readOrReset(socket)).isEqualTo(-1);
        }
        assertThat(count("junction.userspace.connect.errors")).isEqualTo(2);
    }

    @Test
    void closesTheClientWhenThereAreNoEndpoints() throws IOException {
        int port = proxy(table(), SETTINGS);

        try (Socket socket = LoopbackBed.connect(port)) {
            assertThat(readOrReset(socket)).isEqualTo(-1);
        }
        assertThat(bed.registry.get("junction.userspace.refused").tag("reason", "no_endpoints").counter().count())
                .isEqualTo(1);
    }

    @Test
    void relaysAHalfCloseAndStillDeliversTheAnswer() throws IOException {
        int port = proxy(table(bed.echoBackend("b1")), SETTINGS);

        try (Socket socket = LoopbackBed.connect(port)) {
            InputStream in = socket.getInputStream();
            assertThat(LoopbackBed.readLine(in)).isEqualTo("b1");
            socket.getOutputStream().write("last request".getBytes(US_ASCII));
            socket.shutdownOutput();

            assertThat(new String(in.readAllBytes(), US_ASCII)).isEqualTo("last request");
        }
    }

    @Test
    void relaysWhatTheClientSentAndHalfClosedBeforeAnEndpointAnswered() throws IOException {
        // Round-robin sends one of the two clients to the endpoint that never answers first, so its request and the
        // end of it arrive while the proxy still connects.
        var settings = new TcpProxySettings(Duration.ofMillis(300), 3, Duration.ofMinutes(1));
        int port = proxy(table(bed.blackHole(), bed.echoBackend("b1")), settings);

        for (int i = 0; i < 2; i++) {
            try (Socket socket = LoopbackBed.connect(port)) {
                socket.getOutputStream().write("early request".getBytes(US_ASCII));
                socket.shutdownOutput();

                assertThat(new String(socket.getInputStream().readAllBytes(), US_ASCII))
                        .isEqualTo("b1\nearly request");
            }
        }
        assertThat(count("junction.userspace.connect.errors")).isEqualTo(1);
    }

    @Test
    void relaysAHalfCloseOnlyAfterEveryByteSentBeforeIt() throws IOException {
        int port = proxy(table(bed.echoBackend("b1")), SETTINGS);
        // Far more than the socket buffers hold, so the end of input arrives while bytes still wait in the proxy.
        byte[] payload = randomBytes(8 * 1024 * 1024);

        try (Socket socket = LoopbackBed.connect(port)) {
            InputStream in = socket.getInputStream();
            assertThat(LoopbackBed.readLine(in)).isEqualTo("b1");
            CompletableFuture<Void> writer = writeInBackground(socket, payload, true);

            byte[] received = in.readAllBytes();
            writer.join();
            assertThat(received.length).isEqualTo(payload.length);
            assertThat(Arrays.mismatch(received, payload)).as("first differing byte").isEqualTo(-1);
        }
    }

    @Test
    void aClientThatHalfClosedAfterItsRequestStillDownloadsAnAnswerLargerThanTheSocketBuffers() throws IOException {
        // The answer outgrows the client's socket buffers while the client does not read, so the proxy has to wait
        // for the client's socket to take more after that socket's input has ended.
        byte[] body = randomBytes(16 * 1024 * 1024);
        int port = proxy(table(bed.downloadBackend(body)), SETTINGS);

        try (Socket socket = LoopbackBed.connect(port)) {
            socket.getOutputStream().write("GET /large\n".getBytes(US_ASCII));
            socket.shutdownOutput();
            // Read nothing until the proxy stops taking the answer from the endpoint: then the client's socket is
            // full and the proxy's writes to it wait.
            AtomicLong relayedBefore = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                long relayed = (long) bed.meters.bytesDownstream().count();
                return relayed > 0 && relayed < body.length && relayed == relayedBefore.getAndSet(relayed);
            });

            byte[] received = socket.getInputStream().readAllBytes();
            assertThat(received.length).isEqualTo(body.length);
            assertThat(Arrays.mismatch(received, body)).as("first differing byte").isEqualTo(-1);
        }
    }

    @Test
    void relaysLargeTransfersBothWaysAndCountsTheBytes() throws IOException {
        int port = proxy(table(bed.echoBackend("b1")), SETTINGS);
        byte[] payload = randomBytes(200 * 1024);

        try (Socket socket = LoopbackBed.connect(port)) {
            InputStream in = socket.getInputStream();
            assertThat(LoopbackBed.readLine(in)).isEqualTo("b1");
            CompletableFuture<Void> writer = writeInBackground(socket, payload, false);

            assertThat(in.readNBytes(payload.length)).isEqualTo(payload);
            writer.join();
        }
        assertThat(bed.registry.get("junction.userspace.bytes").tag("direction", "upstream").counter().count())
                .isEqualTo(payload.length);
        // Downstream also carries the greeting.
        assertThat(bed.registry.get("junction.userspace.bytes").tag("direction", "downstream").counter().count())
                .isEqualTo(payload.length + "b1\n".length());
    }

    @Test
    void refusesConnectionsAboveTheListenersLimitAndCountsThem() throws IOException {
        int port = proxy(table(bed.echoBackend("b1")), SETTINGS.withMaxConnections(2));

        try (Socket first = LoopbackBed.connect(port); Socket second = LoopbackBed.connect(port)) {
            assertThat(LoopbackBed.readLine(first.getInputStream())).isEqualTo("b1");
            assertThat(LoopbackBed.readLine(second.getInputStream())).isEqualTo("b1");
            try (Socket third = LoopbackBed.connect(port)) {
                assertThat(readOrReset(third)).isEqualTo(-1);
            }
            assertThat(count("junction.userspace.refused")).isEqualTo(1);
        }

        await().until(() -> bed.registry.get("junction.userspace.connections.active").gauge().value() == 0);
        assertThat(greetingThrough(port)).isEqualTo("b1");
    }

    @Test
    void closesAConnectionThatStaysIdle() throws IOException {
        int port = proxy(table(bed.echoBackend("b1")),
                new TcpProxySettings(Duration.ofSeconds(2), 3, Duration.ofMillis(300)));

        try (Socket socket = LoopbackBed.connect(port)) {
            assertThat(LoopbackBed.readLine(socket.getInputStream())).isEqualTo("b1");

            assertThat(readOrReset(socket)).isEqualTo(-1);
        }
    }

    @Test
    void countsOpenConnectionsPerEndpointForLeastConnections() throws IOException {
        Endpoint backend = bed.echoBackend("b1");
        int port = proxy(table(backend), SETTINGS);

        try (Socket socket = LoopbackBed.connect(port)) {
            assertThat(LoopbackBed.readLine(socket.getInputStream())).isEqualTo("b1");
            assertThat(states.stateOf(backend).activeConnections()).isEqualTo(1);
        }
        await().until(() -> states.stateOf(backend).activeConnections() == 0);
    }

    @Test
    void aBackendThatNeverReadsStallsOnlyItsOwnConnectionAndIsClosedWhenIdle() throws IOException {
        Endpoint silent = bed.silentBackend();
        Duration idle = Duration.ofSeconds(3);
        int stuckPort = proxy(table(silent), new TcpProxySettings(Duration.ofSeconds(2), 3, idle));
        int echoPort = proxy(table(bed.echoBackend("b1")), SETTINGS);
        byte[] chunk = new byte[64 * 1024];

        try (Socket stuck = LoopbackBed.connect(stuckPort)) {
            OutputStream out = stuck.getOutputStream();
            // 64 MiB: far more than every socket buffer on the way can hold, so the writer only finishes if the
            // proxy buffers without bound.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 1024; i++) {
                        out.write(chunk);
                    }
                } catch (IOException closedByTheTest) {
                    // The test closes the socket while this write is blocked.
                }
            });
            await().until(() -> count("junction.userspace.bytes") > 1_000_000);

            assertThat(greetingThrough(echoPort)).isEqualTo("b1");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !writer.isDone());
        }
        // The client is gone; the endpoint's connection, with the bytes queued for it, goes once idle.
        await().atMost(idle.multipliedBy(3)).until(() -> states.stateOf(silent).activeConnections() == 0);
    }
}
