package dev.junction.core.conntrack;

import static dev.junction.core.conntrack.Fixtures.flowFrom;
import static dev.junction.core.conntrack.Fixtures.port;
import static dev.junction.core.conntrack.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.conntrack.Fixtures.Condition;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.sandbox.InNamespace;
import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Kernel tier: the gateway against the real conntrack table of a test namespace. Entries are made with
 * {@code conntrack -I} (setup only) or by a real datagram through an iptables DNAT rule inside the namespace, then
 * listed, cleaned and deleted through {@link NetlinkConntrack}, and checked with {@code conntrack -L}.
 */
class NetlinkConntrackKernelTest {

    private static final String VIP = "198.18.100.1";
    private static final String VIP6 = "fd00:198:18:100::1";

    private final NetlinkConntrack conntrack = new NetlinkConntrack(Duration.ofSeconds(5));

    @Test
    void listsCleansAndDeletesIpv4UdpFlowsOfTheNamespaceOnly() {
        assumeSupported("conntrack");
        try (NetnsSandbox sandbox = NetnsSandbox.create()) {
            Netns ns = sandbox.namespace("ct");
            ConntrackFlow serving = insert(ns, flowFrom(40_001, Protocol.UDP, VIP, 53, "198.18.200.4", 5353));
            ConntrackFlow stale = insert(ns, flowFrom(40_002, Protocol.UDP, VIP, 53, "198.18.202.6", 5353));
            insert(ns, flowFrom(40_003, Protocol.TCP, VIP, 53, "198.18.202.6", 5353));
            ConntrackFlow v6 = insert(ns, flowFrom(40_004, Protocol.UDP, VIP6, 53, "fd00:198:18:202::6", 5353));

            assertThat(InNamespace.call(ns, () -> conntrack.listUdp(IpFamily.IPV4)))
                    .containsExactlyInAnyOrder(serving, stale);
            assertThat(InNamespace.call(ns, () -> conntrack.listUdp(IpFamily.IPV6))).containsExactly(v6);

            ConntrackCleanup cleanup = new ConntrackCleanup(conntrack, new SimpleMeterRegistry());
            int deleted = InNamespace.call(ns, () -> cleanup.clean(snapshot(
                    port("dns", Protocol.UDP, VIP, 53).endpoint("198.18.200.4", 5353, Condition.READY).build()),
                    IpFamily.IPV4));

            assertThat(deleted).isEqualTo(1);
            assertThat(table(ns, "ipv4")).contains("sport=40001", "sport=40003").doesNotContain("sport=40002");
            assertThat(table(ns, "ipv6")).contains("sport=40004");
            assertThat(InNamespace.call(ns, () -> conntrack.delete(List.of(stale))))
                    .as("a flow already gone counts as deleted by someone else").isZero();
        }
    }

    @Test
    void anEventLoopKeepsOneSocketForItsLookupsAndClosesItWhenTheLoopEnds() {
        assumeSupported("conntrack");
        try (NetnsSandbox sandbox = NetnsSandbox.create()) {
            Netns ns = sandbox.namespace("loop");
            ConntrackFlow flow = insert(ns, flowFrom(43_001, Protocol.UDP, VIP, 53, "198.18.200.4", 5353));
            long before = openFiles();

            long duringLookups = InNamespace.call(ns, () -> {
                CompletableFuture<Long> during = new CompletableFuture<>();
                // Netty's thread factory makes threads that clean up their FastThreadLocals when they end, as the
                // event loops do; a new thread inherits the namespace of the one that starts it.
                Thread loop = new DefaultThreadFactory("conntrack-lookups").newThread(() -> {
                    try {
                        for (int i = 0; i < 50; i++) {
                            assertThat(conntrack.findByReply(Protocol.UDP, List.of(flow.reply()))).contains(flow);
                        }
                        during.complete(openFiles());
                    } catch (Throwable e) {
                        during.completeExceptionally(e);
                    }
                });
                loop.start();
                loop.join();
                return during.get();
            });

            assertThat(duringLookups - before).as("one kept socket for 50 lookups").isEqualTo(1);
            assertThat(openFiles()).as("closed when the loop ended").isEqualTo(before);
        }
    }

    /** This JVM's open file descriptors. */
    private static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void deletesIpv6FlowsByTheirOriginalTuple() {
        assumeSupported("conntrack");
        try (NetnsSandbox sandbox = NetnsSandbox.create()) {
            Netns ns = sandbox.namespace("ct6");
            ConntrackFlow keep = insert(ns, flowFrom(41_001, Protocol.UDP, VIP6, 53, "fd00:198:18:200::4", 5353));
            ConntrackFlow gone = insert(ns, flowFrom(41_002, Protocol.UDP, VIP6, 53, "fd00:198:18:202::6", 5353));

            int deleted = InNamespace.call(ns, () -> conntrack.delete(List.of(gone)));

            assertThat(deleted).isEqualTo(1);
            assertThat(InNamespace.call(ns, () -> conntrack.listUdp(IpFamily.IPV6))).containsExactly(keep);
        }
    }

    @Test
    void aDumpSpanningManyDatagramsIsReadToTheEndAndDeletedInFull() {
        assumeSupported("conntrack", "bash");
        try (NetnsSandbox sandbox = NetnsSandbox.create()) {
            Netns ns = sandbox.namespace("many");
            int entries = 600;
            ns.exec("bash", "-c", "for i in $(seq 1 " + entries + "); do conntrack -I -p udp -s 198.18.0.2 -d " + VIP
                    + " --sport $((42000 + i)) --dport 53 -r 198.18.202.6 -q 198.18.0.2 --reply-port-src 5353"
                    + " --reply-port-dst $((42000 + i)) -t 300 2>/dev/null || exit 1; done").orThrow();

            List<ConntrackFlow> listed = InNamespace.call(ns, () -> conntrack.listUdp(IpFamily.IPV4));
            int deleted = InNamespace.call(ns, () -> conntrack.delete(listed));

            assertThat(listed).hasSize(entries).doesNotHaveDuplicates();
            assertThat(deleted).isEqualTo(entries);
            assertThat(InNamespace.call(ns, () -> conntrack.listUdp(IpFamily.IPV4))).isEmpty();
        }
    }

    @Test
    void cleansAFlowThatARealDatagramCreatedThroughDnat() {
        assumeSupported("conntrack", "iptables-legacy", "bash");
        try (NetnsSandbox sandbox = NetnsSandbox.create()) {
            Netns node = sandbox.namespace("node");
            Netns backend = sandbox.namespace("backend");
            List<String> links = sandbox.link(node, "198.18.0.1/24", backend, "198.18.0.5/24");
            node.exec("ip", "route", "add", VIP + "/32", "dev", links.getFirst()).orThrow();
            node.exec("iptables-legacy", "-t", "nat", "-A", "OUTPUT", "-p", "udp", "-d", VIP, "--dport", "53",
                    "-j", "DNAT", "--to-destination", "198.18.0.5:5353").orThrow();
            node.exec("bash", "-c", "echo junction > /dev/udp/" + VIP + "/53").orThrow();

            List<ConntrackFlow> listed = InNamespace.call(node, () -> conntrack.listUdp(IpFamily.IPV4));
            assertThat(listed).singleElement().satisfies(flow -> {
                assertThat(flow.original().destination()).hasToString(VIP);
                assertThat(flow.original().destinationPort()).isEqualTo(53);
                assertThat(flow.reply().source()).hasToString("198.18.0.5");
                assertThat(flow.reply().sourcePort()).isEqualTo(5353);
            });

            ConntrackFlow flow = listed.getFirst();
            ConntrackFlow.Tuple unknown = new ConntrackFlow.Tuple(flow.reply().source(), flow.reply().sourcePort(),
                    flow.reply().destination(), flow.reply().destinationPort() == 1 ? 2 : 1);
            assertThat(InNamespace.call(node, () -> conntrack.findByReply(Protocol.UDP,
                    List.of(unknown, flow.reply())))).as("found by its reply tuple, after a candidate that misses, as a"
                            + " proxy that received the datagram would ask").contains(flow);
            assertThat(InNamespace.call(node, () -> conntrack.findByReply(Protocol.UDP, List.of(unknown)))).isEmpty();

            int deleted = InNamespace.call(node, () -> new ConntrackCleanup(conntrack, new SimpleMeterRegistry())
                    .clean(snapshot(port("dns", Protocol.UDP, VIP, 53)
                            .endpoint("198.18.0.9", 5353, Condition.READY).build()), IpFamily.IPV4));

            assertThat(deleted).isEqualTo(1);
            assertThat(table(node, "ipv4")).doesNotContain("dport=53");
        }
    }

    private static void assumeSupported(String... programs) {
        String reason = NetnsSandbox.unsupportedReason(programs);
        assumeTrue(reason == null, reason);
    }

    /** Creates the entry with {@code conntrack -I}: test setup only, the code under test never runs the tool. */
    private static ConntrackFlow insert(Netns ns, ConntrackFlow flow) {
        List<String> command = new ArrayList<>(List.of("conntrack", "-I", "-p", flow.protocol().lowerCase(),
                "-s", flow.original().source().toString(), "-d", flow.original().destination().toString(),
                "--sport", Integer.toString(flow.original().sourcePort()),
                "--dport", Integer.toString(flow.original().destinationPort()),
                "-r", flow.reply().source().toString(), "-q", flow.reply().destination().toString(),
                "--reply-port-src", Integer.toString(flow.reply().sourcePort()),
                "--reply-port-dst", Integer.toString(flow.reply().destinationPort()), "-t", "300"));
        if (flow.protocol() == Protocol.TCP) {
            command.addAll(List.of("--state", "ESTABLISHED"));
        }
        ns.exec(command.toArray(String[]::new)).orThrow();
        return flow;
    }

    private static String table(Netns ns, String family) {
        return ns.exec("conntrack", "-L", "-f", family).orThrow();
    }
}
