package dev.junction.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.dns.records.PodRecords;
import dev.junction.dns.server.DnsSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code junction run --dns-listen} and the flags that shape the responder running alongside the proxy. */
class RunDnsFlagsTest {

    private static final List<InetSocketAddress> RESOLV_CONF = List.of(new InetSocketAddress("198.18.0.53", 53));

    @Test
    void withoutDnsListenNoResponderRuns() {
        Run run = execute("run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.dns()).containsExactly(Optional.empty());
    }

    @Test
    void dnsListenAloneTakesTheDnsCommandsDefaults() {
        DnsSettings dns = execute("run", "--dns-listen=127.0.0.53").settings();

        assertThat(dns.listen()).isEqualTo(new InetSocketAddress("127.0.0.53", 53));
        assertThat(dns.zone().domain()).isEqualTo("cluster.local.");
        assertThat(dns.zone().podRecords()).isEqualTo(PodRecords.DISABLED);
        assertThat(dns.zone().ttl()).isEqualTo(5L);
        assertThat(dns.upstreams()).isEqualTo(RESOLV_CONF);
    }

    @Test
    void theZoneUpstreamsPodRecordsAndTtlCanBeSet() {
        DnsSettings dns = execute("run", "--dns-listen=127.0.0.53:5353", "--cluster-domain=K8s.Example",
                "--dns-upstream=198.18.0.1:5300,198.18.0.2", "--dns-pod-records=insecure", "--dns-ttl=30")
                .settings();

        assertThat(dns.listen()).isEqualTo(new InetSocketAddress("127.0.0.53", 5353));
        assertThat(dns.zone().domain()).isEqualTo("k8s.example.");
        assertThat(dns.upstreams()).containsExactly(new InetSocketAddress("198.18.0.1", 5300),
                new InetSocketAddress("198.18.0.2", 53));
        assertThat(dns.zone().podRecords()).isEqualTo(PodRecords.INSECURE);
        assertThat(dns.zone().ttl()).isEqualTo(30L);
    }

    @Test
    void aBadDnsValueIsAUsageErrorNamingTheRunFlag() {
        Run run = execute("run", "--dns-listen=127.0.0.53", "--dns-ttl=ten");

        assertThat(run.exitCode()).isEqualTo(JunctionCommand.EXIT_USAGE);
        assertThat(run.stderr()).isEqualTo("junction: --dns-ttl \"ten\" (expected: 0-3600 seconds)"
                + System.lineSeparator());
        assertThat(run.dns()).isEmpty();
    }

    @Test
    void aBadDnsValueIsRefusedEvenWithoutDnsListen() {
        Run run = execute("run", "--dns-pod-records=verified");

        assertThat(run.exitCode()).isEqualTo(JunctionCommand.EXIT_USAGE);
        assertThat(run.stderr()).startsWith("junction: --dns-pod-records \"verified\" (expected:");
    }

    private record Run(int exitCode, List<Optional<DnsSettings>> dns, String stderr) {

        DnsSettings settings() {
            assertThat(dns).as("launched; stderr: %s", stderr).singleElement().matches(Optional::isPresent);
            return dns.getFirst().orElseThrow();
        }
    }

    private static Run execute(String... args) {
        List<Optional<DnsSettings>> launched = new ArrayList<>();
        StringWriter err = new StringWriter();
        CommandLine command = JunctionCommand.create((config, dns) -> {
            launched.add(dns);
            return 0;
        }, config -> 0, () -> "machine-a", () -> RESOLV_CONF);
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new Run(exitCode, launched, err.toString());
    }
}
