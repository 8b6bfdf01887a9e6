package dev.junction.iptables.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpFamily;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kernel tier: feeds rendered rulesets to the real {@code iptables-restore --noflush}, each run inside a network
 * namespace of its own ({@code unshare --net}) that vanishes with the process, so the host's rules are never
 * touched. Goldens that count into nfacct objects get those objects created first, as kube-proxy's applier does.
 */
class IptablesRestoreKernelTest {

    private static final Pattern NFACCT_NAME = Pattern.compile("--nfacct-name (\\S+)");

    @TempDir
    Path directory;

    @BeforeAll
    static void requireRootAndTools() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create network namespaces");
        for (String tool : List.of("unshare", "iptables-restore", "ip6tables-restore", "iptables-save", "nfacct")) {
            assumeTrue(Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool))), "needs " + tool);
        }
    }

    static Stream<String> goldenFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "golden"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".txt")).sorted().toList()
                    .stream().filter(f -> !f.startsWith("partial"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void kernelAcceptsGoldenRuleset(String file) throws Exception {
        String text = Files.readString(Path.of("src", "test", "resources", "golden", file));
        String restore = file.contains("ipv6") ? "ip6tables-restore" : "iptables-restore";
        String counters = NFACCT_NAME.matcher(text).results().map(m -> "nfacct add " + m.group(1) + " && ")
                .distinct().collect(Collectors.joining());

        Result result = runInNewNamespace(counters + restore + " --noflush < \"$1\"", text);

        assertThat(result.exitCode()).as("%s: %s", file, result.output()).isZero();
    }

    @Test
    void partialRestoreOnTopOfAFullOneKeepsEveryChain() throws Exception {
        IptablesCompiler compiler = new IptablesCompiler();
        CompilerOptions options = IptablesCompilerGoldenTest.DEFAULTS;
        RulesetRenderer renderer = new RulesetRenderer();
        Ruleset full = compiler.compile(KubeProxyScenarios.overall(), IpFamily.IPV4, options);
        Ruleset partial = compiler.compile(KubeProxyScenarios.overall(), IpFamily.IPV4, options,
                ServiceSelection.only(Set.of(new ObjectRef("ns1", "svc1"))));

        Result result = runInNewNamespace("iptables-restore --noflush < \"$1\" && iptables-restore --noflush < \"$2\""
                + " && iptables-save -t nat", renderer.render(full).text(), renderer.render(partial).text());

        assertThat(result.exitCode()).as(result.output()).isZero();
        long natRules = result.output().lines().filter(l -> l.startsWith("-A KUBE-")).count();
        assertThat(natRules).isEqualTo(full.ruleCount(Table.NAT));
    }

    record Result(int exitCode, String output) {
    }

    /** Runs {@code script} under {@code sh} in a fresh network namespace, with the texts as files $1, $2, .... */
    private Result runInNewNamespace(String script, String... inputs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("unshare", "--net", "sh", "-c", script, "sh"));
        for (int i = 0; i < inputs.length; i++) {
            Path file = directory.resolve("input-" + i + ".txt");
            Files.writeString(file, inputs[i], StandardCharsets.UTF_8);
            command.add(file.toString());
        }
        Path output = directory.resolve("output.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("\"" + script + "\" in a new network namespace: still running after 60 s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
