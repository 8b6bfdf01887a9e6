package dev.junction.userspace.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.testing.ServicePorts;
import dev.junction.userspace.Transport;
import dev.junction.userspace.UserspaceMeters;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the io_uring listener and its relays do beyond the behaviour every transport shares (which TcpProxyTest,
 * FaultyEndpointsTest and the rest check on it wherever io_uring is the default): two event loops accepting on one
 * socket, IPv6 socket addresses, closing a listener, and shutting the event loops down with connections open.
 */
class UringTcpListenerTest {

    private final EndpointStates states = new EndpointStates(HealthPolicy.DEFAULT);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EventLoopGroup group;

    @BeforeEach
    void twoEventLoops() {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring is not available here: " + IoUring.unavailabilityCause());
        group = Transport.IO_URING.newEventLoopGroup(2);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void servesManyConcurrentConnectionsWithEveryEventLoopAccepting() throws IOException {
        Endpoint endpoint = echoEndpoint(InetAddress.getLoopbackAddress());
        TcpListener listener = listen(endpoint, "127.0.0.1", IpFamily.IPV4);

        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(connect("127.0.0.1", listener.port()));
        }
        for (int i = 0; i < clients.size(); i++) {
            assertThat(roundTrip(clients.get(i), "client " + i)).isEqualTo("client " + i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> states.stateOf(endpoint).activeConnections() == 50);
        for (Socket client : clients) {
            client.close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> states.stateOf(endpoint).activeConnections() == 0);
    }

    @Test
    void relaysAnIpv6ClientToAnIpv6Endpoint() throws IOException {
        InetAddress loopback6 = InetAddress.getByName("::1");
        assumeTrue(canBind(loopback6), "::1 cannot be bound here (IPv6 is disabled on loopback)");
        Endpoint endpoint = echoEndpoint(loopback6);
        TcpListener listener = listen(endpoint, "::1", IpFamily.IPV6);

        try (Socket client = connect("::1", listener.port())) {
            assertThat(roundTrip(client, "over IPv6")).isEqualTo("over IPv6");
        }
    }

    @Test
    void aBulkTransferIsSplicedAndArrivesWhole() throws Exception {
        Endpoint endpoint = echoEndpoint(InetAddress.getLoopbackAddress());
        TcpListener listener = listen(endpoint, "127.0.0.1", IpFamily.IPV4);
        long pipesBefore = LoopbackBed.settledPipeEnds();
        byte[] sent = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(sent);

        try (Socket client = connect("127.0.0.1", listener.port())) {
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    client.getOutputStream().write(sent);
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            byte[] echoed = client.getInputStream().readAllBytes();
            upload.get(30, TimeUnit.SECONDS);

            assertThat(echoed).as("every byte, in order, then the echo's end of stream").isEqualTo(sent);
        }
        // Spliced directions take their pipes from the event loop's pool and give them back once drained; a relay
        // that only copied would never have made one.
        assertThat(LoopbackBed.openPipeEnds()).as("pipe ends pooled by the event loops").isGreaterThan(pipesBefore);
    }

    @Test
    void aConnectionTheRouterCannotPlaceIsClosedAndTheNextOnesAreServed() throws IOException {
        TcpProxy proxy = proxyTo(echoEndpoint(InetAddress.getLoopbackAddress()));
        AtomicInteger routed = new AtomicInteger();
        TcpListener listener = listen((client, local, socket) -> {
            if (routed.getAndIncrement() == 0) {
                throw new IllegalStateException("no table for this origin");
            }
            return proxy;
        }, "127.0.0.1", IpFamily.IPV4);

        try (Socket unplaced = connect("127.0.0.1", listener.port())) {
            assertThat(unplaced.getInputStream().read()).as("closed by the proxy").isEqualTo(-1);
        }
        for (int i = 0; i < 4; i++) {
            try (Socket next = connect("127.0.0.1", listener.port())) {
                assertThat(roundTrip(next, "next " + i)).isEqualTo("next " + i);
            }
        }
    }

    @Test
    void closingTheListenerRefusesNewConnectionsAndKeepsEstablishedOnes() throws IOException {
        Endpoint endpoint = echoEndpoint(InetAddress.getLoopbackAddress());
        TcpListener listener = listen(endpoint, "127.0.0.1", IpFamily.IPV4);
        try (Socket established = connect("127.0.0.1", listener.port())) {
            assertThat(roundTrip(established, "before")).isEqualTo("before");

            listener.close();

            assertThatThrownBy(() -> connect("127.0.0.1", listener.port())).isInstanceOf(ConnectException.class);
            assertThat(roundTrip(established, "after")).isEqualTo("after");
        }
    }

    @Test
    void shuttingTheEventLoopsDownClosesOpenConnectionsAndTheirSockets() throws IOException {
        Endpoint endpoint = echoEndpoint(InetAddress.getLoopbackAddress());
        long socketsBefore = LoopbackBed.openDescriptors("socket:");
        TcpListener listener = listen(endpoint, "127.0.0.1", IpFamily.IPV4);
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket client = connect("127.0.0.1", listener.port());
            clients.add(client);
            closeables.add(client);
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
        }

        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();

        for (Socket client : clients) {
            assertThat(client.getInputStream().read()).as("the proxy closed the client's connection").isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(LoopbackBed.openDescriptors("socket:"))
                .as("sockets besides the test's clients and their endpoint sides")
                .isLessThanOrEqualTo(socketsBefore + 2L * clients.size()));
        assertThat(states.stateOf(endpoint).activeConnections()).isZero();
    }

    private TcpListener listen(Endpoint endpoint, String address, IpFamily family) throws IOException {
        return listen(ConnectionRouter.to(proxyTo(endpoint)), address, family);
    }

    private TcpListener listen(ConnectionRouter router, String address, IpFamily family) throws IOException {
        TcpListener listener = TcpListener.bind(Transport.IO_URING, group,
                new InetSocketAddress(InetAddress.getByName(address), 0), family, router);
        closeables.add(listener::close);
        return listener;
    }

    private TcpProxy proxyTo(Endpoint endpoint) {
        var port = ServicePorts.port("web", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0,
                new EndpointSet(List.of(endpoint), List.of(endpoint), List.of(), List.of(endpoint), true));
        EndpointTable table = EndpointTable.build(port, Origin.INTERNAL, TableSettings.DEFAULT, states);
        return new TcpProxy(() -> table, TcpProxySettings.DEFAULT,
                UserspaceMeters.bindTo(new SimpleMeterRegistry(), "tcp"), System::nanoTime, RelayTracker.NONE);
    }

    /** Echoes every line back, one virtual thread per connection. */
    private Endpoint echoEndpoint(InetAddress address) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, address);
        closeables.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    closeables.add(connection);
                    Thread.ofVirtual().start(() -> echo(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return new Endpoint(new IpAddress(address), server.getLocalPort(), true, true, true, false, Set.of(),
                Set.of());
    }

    private static void echo(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            byte[] buffer = new byte[4096];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                connection.getOutputStream().write(buffer, 0, read);
            }
        } catch (IOException gone) {
            // The proxy closed the connection.
        }
    }

    private static Socket connect(String address, int port) throws IOException {
        Socket socket = new Socket(address, port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String roundTrip(Socket client, String line) throws IOException {
        client.getOutputStream().write((line + "\n").getBytes(US_ASCII));
        return LoopbackBed.readLine(client.getInputStream());
    }

    private static boolean canBind(InetAddress address) {
        try (ServerSocket probe = new ServerSocket(0, 1, address)) {
            return probe.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
