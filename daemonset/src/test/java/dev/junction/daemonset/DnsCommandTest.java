package dev.junction.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.dns.records.PodRecords;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class DnsCommandTest {

    private static final List<InetSocketAddress> RESOLV_CONF = List.of(new InetSocketAddress("198.18.53.1", 53));

    record Flagged(String name, List<String> flags, Function<DnsConfig, Object> part, Object expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Flagged> flags() {
        return Stream.of(
                new Flagged("defaults: 0.0.0.0:53, cluster.local, pods disabled, TTL 5, resolv.conf upstreams",
                        List.of(), c -> List.of(c.dns().listen().toString(), c.dns().zone().domain(),
                                c.dns().zone().podRecords(), c.dns().zone().ttl(), c.dns().upstreams(),
                                c.metricsBindAddress().toString(), c.healthBindAddress().toString()),
                        List.of("/0.0.0.0:53", "cluster.local.", PodRecords.DISABLED, 5L, RESOLV_CONF,
                                "127.0.0.1:9153", "0.0.0.0:8080")),
                new Flagged("--listen", List.of("--listen=127.0.0.1:5353"), c -> c.dns().listen().toString(),
                        "/127.0.0.1:5353"),
                new Flagged("--upstream repeated, a bare IP gets port 53",
                        List.of("--upstream=198.18.0.1:5300", "--upstream", "198.18.0.2"),
                        c -> c.dns().upstreams(), List.of(new InetSocketAddress("198.18.0.1", 5300),
                                new InetSocketAddress("198.18.0.2", 53))),
                new Flagged("--cluster-domain", List.of("--cluster-domain=Corp.Example"),
                        c -> c.dns().zone().domain(), "corp.example."),
                new Flagged("--pod-records insecure", List.of("--pod-records=insecure"),
                        c -> c.dns().zone().podRecords(), PodRecords.INSECURE),
                new Flagged("--ttl", List.of("--ttl=30"), c -> c.dns().zone().ttl(), 30L),
                new Flagged("--source", List.of("--source=/tmp/objects.yaml"), DnsConfig::source,
                        Optional.of(Path.of("/tmp/objects.yaml"))),
                new Flagged("--kubeconfig", List.of("--kubeconfig=/tmp/kubeconfig"), DnsConfig::kubeconfig,
                        Optional.of(Path.of("/tmp/kubeconfig"))),
                new Flagged("no --hostname-override takes the machine's", List.of(), DnsConfig::nodeName,
                        "machine-a"),
                new Flagged("--metrics-bind-address and --health-bind-address",
                        List.of("--metrics-bind-address=127.0.0.1:0", "--health-bind-address=[::1]:8181"),
                        c -> List.of(c.metricsBindAddress().toString(), c.healthBindAddress().toString()),
                        List.of("127.0.0.1:0", "[::1]:8181")));
    }

    @ParameterizedTest
    @MethodSource("flags")
    void resolvesFlags(Flagged c) {
        List<String> args = new ArrayList<>(List.of("dns"));
        args.addAll(c.flags());

        Run run = execute(args);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.launched()).singleElement().extracting(c.part()).isEqualTo(c.expected());
    }

    record Bad(String name, List<String> args, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> badFlags() {
        return Stream.of(
                new Bad("a TTL above 3600", List.of("dns", "--ttl=3601"), "--ttl \"3601\" (expected: 0-3600 seconds)"),
                new Bad("an unknown pod mode", List.of("dns", "--pod-records=verified"),
                        "(expected: disabled or insecure)"),
                new Bad("a listen address that is no IP", List.of("dns", "--listen=localhost:53"), "--listen"),
                new Bad("--source with --kubeconfig", List.of("dns", "--source=/a", "--kubeconfig=/b"),
                        "--source and --kubeconfig exclude each other"));
    }

    @ParameterizedTest
    @MethodSource("badFlags")
    void rejectsBadFlagsWithOneLine(Bad c) {
        Run run = execute(c.args());

        assertThat(run.exitCode()).isEqualTo(JunctionCommand.EXIT_USAGE);
        assertThat(run.stderr()).startsWith("junction: ").contains(c.message());
        assertThat(run.launched()).isEmpty();
    }

    @Test
    void helpListsTheFlags() {
        Run run = execute(List.of("dns", "--help"));

        assertThat(run.stdout()).contains("--listen", "--upstream", "--cluster-domain", "--pod-records", "--ttl",
                "--health-bind-address");
    }

    private record Run(int exitCode, List<DnsConfig> launched, String stdout, String stderr) {
    }

    private static Run execute(List<String> args) {
        List<DnsConfig> launched = new ArrayList<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = JunctionCommand.create((config, dns) -> 0, config -> {
            launched.add(config);
            return 0;
        }, () -> "Machine-A", () -> RESOLV_CONF);
        command.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exitCode = command.execute(args.toArray(String[]::new));
        return new Run(exitCode, launched, out.toString(), err.toString());
    }
}
