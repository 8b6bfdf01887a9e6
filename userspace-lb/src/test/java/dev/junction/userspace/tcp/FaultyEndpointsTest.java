package dev.junction.userspace.tcp;

import static dev.junction.core.config.UserspaceTransport.AUTO;
import static dev.junction.core.config.UserspaceTransport.EPOLL;
import static dev.junction.core.config.UserspaceTransport.NIO;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.testing.ServicePorts;
import dev.junction.userspace.Transport;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A faulty endpoint must not stall the other connections of the proxy: everything here shares one event loop, and a
 * healthy conversation keeps going while a client pushes megabytes at the faulty endpoint, in both relay modes. Once
 * the clients have gone, the proxy closes its endpoint connections too, with whatever was queued for them.
 */
class FaultyEndpointsTest {

    private static final TcpProxySettings SETTINGS =
            new TcpProxySettings(Duration.ofMillis(500), 1, Duration.ofSeconds(2));

    private LoopbackBed bed;
    private final EndpointStates states = new EndpointStates(HealthPolicy.DEFAULT);

    @AfterEach
    void closeBed() {
        bed.close();
    }

    record Case(String name, Function<LoopbackBed, Endpoint> fault, UserspaceTransport transport) {
        @Override
        public String toString() {
            return name + " (" + transport + ")";
        }
    }

    /** Every fault on the default transport, on epoll (which splices; the default without io_uring) and on NIO. */
    static Stream<Case> cases() {
        List<Case> faults = List.of(
                new Case("an endpoint that resets every connection", LoopbackBed::resettingBackend, AUTO),
                new Case("an endpoint that reads and never answers", LoopbackBed::hangingBackend, AUTO),
                new Case("an endpoint that accepts and never reads", LoopbackBed::silentBackend, AUTO),
                new Case("an endpoint whose connects hang", FaultyEndpointsTest::blackHole, AUTO));
        List<UserspaceTransport> others = Transport.select(AUTO) == Transport.EPOLL ? List.of(NIO) : List.of(EPOLL, NIO);
        return faults.stream().flatMap(c -> Stream.concat(Stream.of(c),
                others.stream().map(other -> new Case(c.name(), c.fault(), other))));
    }

    private static Endpoint blackHole(LoopbackBed bed) {
        try {
            return bed.blackHole();
        } catch (IOException e) {
            throw new IllegalStateException("cannot fill an accept queue on loopback", e);
        }
    }

    private int proxy(Endpoint endpoint) {
        var port = ServicePorts.port("web", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0,
                new EndpointSet(List.of(endpoint), List.of(endpoint), List.of(), List.of(endpoint), true));
        EndpointTable table = EndpointTable.build(port, Origin.INTERNAL, TableSettings.DEFAULT, states);
        return bed.proxy(() -> table, SETTINGS, new LoopbackBed.LongTicker());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void doesNotStallAHealthyConnectionOnTheSameEventLoop(Case c) throws IOException {
        bed = new LoopbackBed(c.transport());
        Endpoint healthyEndpoint = bed.echoBackend("b1");
        Endpoint faultyEndpoint = c.fault().apply(bed);
        int healthyPort = proxy(healthyEndpoint);
        int faultyPort = proxy(faultyEndpoint);

        try (Socket healthy = LoopbackBed.connect(healthyPort); Socket faulty = LoopbackBed.connect(faultyPort)) {
            InputStream in = healthy.getInputStream();
            OutputStream out = healthy.getOutputStream();
            assertThat(LoopbackBed.readLine(in)).isEqualTo("b1");
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> push(faulty, 16 * 1024 * 1024));

            for (int i = 0; i < 50; i++) {
                out.write(("round " + i + "\n").getBytes(US_ASCII));
                assertThat(LoopbackBed.readLine(in)).isEqualTo("round " + i);
            }
            faulty.close();
            flood.handle((done, failed) -> null).join();
        }
        // Both clients are gone: the proxy lets go of both endpoints, the faulty one at the latest once idle.
        await().atMost(Duration.ofSeconds(20)).until(() -> states.stateOf(healthyEndpoint).activeConnections() == 0
                && states.stateOf(faultyEndpoint).activeConnections() == 0);
    }

    /** Writes {@code bytes} unless the proxy closes or resets the connection first, or the test closes it. */
    private static void push(Socket socket, int bytes) {
        byte[] chunk = new byte[64 * 1024];
        try {
            OutputStream out = socket.getOutputStream();
            for (int written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
        } catch (IOException closedOrReset) {
            // Expected for every fault: the push only has to keep the faulty path busy.
        }
    }
}
