package dev.junction.userspace.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.testing.ServicePorts;
import dev.junction.userspace.balance.EndpointState;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idle client connections through the proxy, each with its endpoint connection open, hold bounded memory: no buffer
 * stays allocated per idle connection, and the heap grows by the channels' bookkeeping only. The run with the far ends
 * in another process needs two descriptors per connection here and goes as far as the open-files limit allows, up to
 * the 10,000 (about 9,700 within a hard limit of 20,000, which a container without CAP_SYS_RESOURCE cannot
 * raise). The parameterized runs keep everything in this JVM (clients, proxy, endpoint; four descriptors per
 * connection), on the default transport and on epoll's splice relay.
 */
class IdleConnectionsMemoryTest {

    private static final Logger LOG = LoggerFactory.getLogger(IdleConnectionsMemoryTest.class);
    /**
     * Heap per proxied connection, measured at about 4.7 KB here (both proxy channels, plus the test's client and
     * endpoint sides); the bound leaves room for other JVMs and collectors.
     */
    private static final long MAX_HEAP_PER_CONNECTION = 12 * 1024;
    /** Direct memory may grow by the allocator's arenas warming up, never by a buffer per connection. */
    private static final long MAX_DIRECT_GROWTH = 32L * 1024 * 1024;

    @ParameterizedTest(name = "{0} connections, --userspace-transport {1}")
    @CsvSource({"4000, auto", "4000, epoll"})
    void idleConnectionsHoldBoundedMemory(int connections, String transport) throws IOException, InterruptedException {
        long descriptorsNeeded = 4L * connections + 1_000;
        assumeTrue(raiseDescriptorLimit(descriptorsNeeded), "needs " + descriptorsNeeded + " open files; the limit is "
                + openFilesLimit() + " and prlimit could not raise it (the host or sandbox fixes the hard limit lower)");
        EndpointStates states = new EndpointStates(HealthPolicy.DEFAULT);
        List<SocketChannel> clients = new ArrayList<>(connections);
        try (LoopbackBed bed = new LoopbackBed(UserspaceTransport.parse(transport))) {
            Endpoint endpoint = bed.quietEchoBackend();
            EndpointTable table = table(endpoint, states);
            int proxyPort = bed.proxy(() -> table, TcpProxySettings.DEFAULT, new LoopbackBed.LongTicker());
            InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", proxyPort);
            warmUp(proxy, states.stateOf(endpoint));
            long heapBefore = usedHeapAfterGc();
            long directBefore = usedDirect();
            long pipesBefore = LoopbackBed.settledPipeEnds();

            try {
                for (int i = 0; i < connections; i++) {
                    clients.add(SocketChannel.open(proxy));
                }
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> states.stateOf(endpoint).activeConnections() == connections);
                long heapGrowth = usedHeapAfterGc() - heapBefore;
                long directGrowth = usedDirect() - directBefore;
                LOG.info("idle connections={} heapGrowth={}KiB perConnection={}B directGrowth={}KiB", connections,
                        heapGrowth / 1024, heapGrowth / connections, directGrowth / 1024);

                assertThat(heapGrowth).isLessThan(MAX_HEAP_PER_CONNECTION * connections);
                assertThat(directGrowth).isLessThan(MAX_DIRECT_GROWTH);
                assertThat(LoopbackBed.openPipeEnds() - pipesBefore).as("pipe ends held by idle spliced connections")
                        .isLessThan(10);
                assertThat(echoes(clients.getLast())).isTrue();
            } finally {
                for (SocketChannel client : clients) {
                    client.close();
                }
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> states.stateOf(endpoint).activeConnections() == 0);
        }
    }

    /**
     * As many idle connections as the open-files limit allows, up to 10,000, with the clients and the endpoint in
     * another process ({@link IdleSocketsProcess}): this JVM holds only the proxy's two descriptors per connection,
     * and the heap and direct memory measured are the proxy's alone.
     */
    @Test
    void idleConnectionsFromAnotherProcessHoldBoundedMemory() throws Exception {
        long openNow;
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            openNow = descriptors.count();
        }
        // Room for what the proxy and the bed open besides the connections' sockets; raised where the hard limit allows
        // (the far process, started after, inherits the limit).
        raiseDescriptorLimit(2 * 10_000 + openNow + 500);
        int connections = (int) Math.min(10_000, (openFilesLimit() - openNow - 500) / 2);
        assumeTrue(connections >= 5_000, "needs room for 10,000 more open files for 5,000 connections; the limit is "
                + openFilesLimit() + " and " + openNow + " are open");
        EndpointStates states = new EndpointStates(HealthPolicy.DEFAULT);
        Process far = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), IdleSocketsProcess.class.getName(),
                Integer.toString(connections)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (LoopbackBed bed = new LoopbackBed();
                BufferedReader lines = far.inputReader(StandardCharsets.US_ASCII);
                PrintWriter commands = new PrintWriter(far.outputWriter(StandardCharsets.US_ASCII), true)) {
            Endpoint local = bed.quietEchoBackend();
            warmUp(new InetSocketAddress("127.0.0.1", bed.proxy(() -> table(local, states),
                    TcpProxySettings.DEFAULT, new LoopbackBed.LongTicker())), states.stateOf(local));
            Endpoint endpoint = new Endpoint(LoopbackBed.LOOPBACK, Integer.parseInt(lines.readLine().split(" ")[1]),
                    true, true, true, false, Set.of(), Set.of());
            EndpointTable table = table(endpoint, states);
            int proxyPort = bed.proxy(() -> table, TcpProxySettings.DEFAULT, new LoopbackBed.LongTicker());
            long heapBefore = usedHeapAfterGc();
            long directBefore = usedDirect();

            commands.println("proxy " + proxyPort);
            assertThat(CompletableFuture.supplyAsync(() -> readLine(lines)).get(2, TimeUnit.MINUTES))
                    .isEqualTo("ready");
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> states.stateOf(endpoint).activeConnections() == connections);
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            long directGrowth = usedDirect() - directBefore;
            LOG.info("idle connections from another process={} heapGrowth={}KiB perConnection={}B directGrowth={}KiB",
                    connections, heapGrowth / 1024, heapGrowth / connections, directGrowth / 1024);

            assertThat(heapGrowth).isLessThan(MAX_HEAP_PER_CONNECTION * connections);
            assertThat(directGrowth).isLessThan(MAX_DIRECT_GROWTH);
        } finally {
            far.getOutputStream().close(); // the far process closes its sockets and exits
            if (!far.waitFor(1, TimeUnit.MINUTES)) {
                far.destroyForcibly();
            }
        }
    }

    private static EndpointTable table(Endpoint endpoint, EndpointStates states) {
        var port = ServicePorts.port("web", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0,
                new EndpointSet(List.of(endpoint), List.of(endpoint), List.of(), List.of(endpoint), true));
        return EndpointTable.build(port, Origin.INTERNAL, TableSettings.DEFAULT, states);
    }

    private static String readLine(BufferedReader lines) {
        try {
            return lines.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One proxied round trip first, so that class loading and the allocator's first chunks count as before. */
    private static void warmUp(InetSocketAddress proxy, EndpointState endpoint)
            throws IOException {
        try (SocketChannel client = SocketChannel.open(proxy)) {
            assertThat(echoes(client)).isTrue();
        }
        await().until(() -> endpoint.activeConnections() == 0);
    }

    private static boolean echoes(SocketChannel client) throws IOException {
        client.write(ByteBuffer.wrap(new byte[] {42}));
        ByteBuffer answer = ByteBuffer.allocate(1);
        return client.read(answer) == 1 && answer.get(0) == 42;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Netty's pooled direct memory plus the JDK's direct buffers. */
    private static long usedDirect() {
        long jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() + jdk;
    }

    /** Whether the soft limit of open files is high enough, after raising it (soft and hard) with prlimit if not. */
    private static boolean raiseDescriptorLimit(long needed) throws IOException, InterruptedException {
        if (openFilesLimit() >= needed) {
            return true;
        }
        long pid = ProcessHandle.current().pid();
        Process prlimit;
        try {
            prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(pid),
                    "--nofile=" + needed + ":" + needed)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noPrlimit) {
            return false;
        }
        if (!prlimit.waitFor(10, TimeUnit.SECONDS)) {
            prlimit.destroyForcibly();
            return false;
        }
        return openFilesLimit() >= needed;
    }

    private static long openFilesLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return 0;
    }
}
