package dev.junction.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code junction rules}: the full-sync restore input for examples/basic.yaml, compared with
 * {@code src/test/resources/golden/rules-basic.txt} (and {@code rules-basic-userspace.txt} for the userspace mode's
 * steering rules; both rewritten, for review as a diff, with {@code -Djunction.golden.update=true}).
 */
class RulesCommandTest {

    static final Path BASIC = Path.of("..", "examples", "basic.yaml");
    static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "rules-basic.txt");
    static final Path GOLDEN_USERSPACE = Path.of("src", "test", "resources", "golden", "rules-basic-userspace.txt");

    @Test
    void printsTheFullSyncRestoreInputOfTheExample() throws IOException {
        assertMatchesGolden("iptables", GOLDEN);
    }

    @Test
    void printsTheUserspaceSteeringRulesOfTheExample() throws IOException {
        String rules = assertMatchesGolden("userspace", GOLDEN_USERSPACE);

        assertThat(rules).startsWith("# The kernel picks each listener's proxy port when it binds; this preview"
                + " numbers them from 1.\n# IPv4\n*filter\n:KUBE-USERSPACE-FIREWALL - [0:0]\n");
    }

    private static String assertMatchesGolden(String mode, Path golden) throws IOException {
        CommandRun run = CommandRun.of(List.of("rules", "--proxy-mode", mode, "--source", BASIC.toString(),
                "--hostname-override", "node-a", "--cluster-cidr", "198.19.0.0/16"));

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        if (Boolean.getBoolean("junction.golden.update")) {
            Files.writeString(golden, run.stdout(), StandardCharsets.UTF_8);
        }
        assertThat(run.stdout()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        return run.stdout();
    }

    @Test
    void flagsChangeTheRules() {
        String plain = CommandRun.of(List.of("rules", "--source", BASIC.toString(), "--hostname-override", "node-a"))
                .stdout();
        CommandRun run = CommandRun.of(List.of("rules", "--source", BASIC.toString(), "--hostname-override",
                "node-a", "--masquerade-all", "--nodeport-addresses", "198.18.100.0/24"));

        assertThat(run.exitCode()).isZero();
        assertThat(plain).startsWith("# IPv4\n*filter\n").doesNotContain("# IPv6")
                .contains("-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be"
                        + " the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");
        assertThat(run.stdout()).contains("-d 198.18.100.1 -j KUBE-NODEPORTS")
                .doesNotContain("--dst-type LOCAL -j KUBE-NODEPORTS")
                .contains("-A KUBE-SVC-", "-j KUBE-MARK-MASQ");
        assertThat(run.stdout().split("\n").length).isGreaterThan(plain.split("\n").length);
    }

    @Test
    void aDualStackSourceGetsAnIpv6SectionAfterTheIpv4One(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("v6.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: web6, namespace: shop}
                spec:
                  clusterIP: fd00:198:18::10
                  clusterIPs: [fd00:198:18::10]
                  ipFamilies: [IPv6]
                  ports: [{name: http, protocol: TCP, port: 80}]
                """);

        CommandRun run = CommandRun.of(List.of("rules", "--source", dir.toString(), "--hostname-override", "node-a"));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("# IPv4\n*filter\n");
        String v6 = run.stdout().substring(run.stdout().indexOf("# IPv6\n"));
        assertThat(v6).contains("-d fd00:198:18::10 --dport 80 -j REJECT");
    }

    record Unreadable(String name, String brokenFile, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Unreadable> unreadableSources() {
        return Stream.of(
                new Unreadable("a missing path", null, " does not exist (expected: a YAML or JSON manifest file"),
                new Unreadable("a YAML syntax error", "kind: Service\nmetadata: [x\n", "broken.yaml line "));
    }

    @ParameterizedTest
    @MethodSource("unreadableSources")
    void anUnreadableSourceIsOneLineAndExitCode2(Unreadable c, @TempDir Path dir) throws IOException {
        Path path = dir.resolve("absent");
        if (c.brokenFile() != null) {
            Files.writeString(dir.resolve("broken.yaml"), c.brokenFile());
            path = dir;
        }

        CommandRun run = CommandRun.of(List.of("rules", "--source", path.toString(), "--hostname-override", "node-a"));

        assertThat(run.stderr()).startsWith("junction: --source " + path).contains(c.expected())
                .hasLineCount(1);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aSourceIsRequired() {
        CommandRun run = CommandRun.of(List.of("rules", "--hostname-override", "node-a"));

        assertThat(run.stderr()).isEqualTo("junction: Missing required option: '--source=PATH'"
                + System.lineSeparator());
        assertThat(run.exitCode()).isEqualTo(2);
    }
}
