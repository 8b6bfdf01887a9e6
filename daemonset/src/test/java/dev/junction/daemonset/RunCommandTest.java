package dev.junction.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.BalanceMode;
import dev.junction.core.config.DetectLocal;
import dev.junction.core.config.DetectLocalMode;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.config.ProxyMode;
import dev.junction.core.config.UserspaceTransport;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class RunCommandTest {

    private static final String HEADER = """
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            """;

    @TempDir
    Path dir;

    record Flagged(String name, List<String> flags, Function<ProxyConfig, Object> part, Object expected) {
        Flagged(String name, String flag, Function<ProxyConfig, Object> part, Object expected) {
            this(name, List.of(flag), part, expected);
        }
    }

    static Stream<Flagged> flags() {
        return Stream.of(
                new Flagged("--proxy-mode", "--proxy-mode=nftables", ProxyConfig::mode, ProxyMode.NFTABLES),
                new Flagged("--proxy-mode as a separate argument", List.of("--proxy-mode", "ipvs"),
                        ProxyConfig::mode, ProxyMode.IPVS),
                new Flagged("--hostname-override", "--hostname-override=Node-B", ProxyConfig::nodeName, "node-b"),
                new Flagged("no --hostname-override takes the machine's", List.of(), ProxyConfig::nodeName,
                        "machine-a"),
                new Flagged("--cluster-cidr with a dual-stack pair", "--cluster-cidr=198.18.0.0/16,fd00:198:18::/64",
                        ProxyConfig::clusterCidrs,
                        List.of(Cidr.parse("198.18.0.0/16"), Cidr.parse("fd00:198:18::/64"))),
                new Flagged("--nodeport-addresses comma-separated and repeated",
                        List.of("--nodeport-addresses=198.18.0.0/24,primary", "--nodeport-addresses=198.18.1.0/24"),
                        ProxyConfig::nodePortAddresses,
                        new NodePortAddresses(true, List.of(Cidr.parse("198.18.0.0/24"), Cidr.parse("198.18.1.0/24")))),
                new Flagged("--masquerade-all alone means true", "--masquerade-all",
                        c -> c.rules().masqueradeAll(), true),
                new Flagged("--masquerade-all=false", "--masquerade-all=false", c -> c.rules().masqueradeAll(), false),
                new Flagged("--iptables-masquerade-bit", "--iptables-masquerade-bit=3",
                        c -> c.rules().masqueradeBit(), 3),
                new Flagged("--iptables-sync-period", "--iptables-sync-period=1m30s",
                        c -> c.rules().syncPeriod(), Duration.ofSeconds(90)),
                new Flagged("--iptables-min-sync-period 0", "--iptables-min-sync-period=0",
                        c -> c.rules().minSyncPeriod(), Duration.ZERO),
                new Flagged("--iptables-localhost-nodeports=false", "--iptables-localhost-nodeports=false",
                        c -> c.rules().localhostNodePorts(), false),
                new Flagged("--bind-address", "--bind-address=198.18.0.9", ProxyConfig::bindAddress,
                        IpAddress.parse("198.18.0.9")),
                new Flagged("--healthz-bind-address", "--healthz-bind-address=127.0.0.1:0",
                        c -> c.healthzBindAddress().toString(), "127.0.0.1:0"),
                new Flagged("--metrics-bind-address with an IPv6 address", "--metrics-bind-address=[::1]:9999",
                        c -> c.metricsBindAddress().toString(), "[::1]:9999"),
                new Flagged("--config-sync-period", "--config-sync-period=1h", ProxyConfig::configSyncPeriod,
                        Duration.ofHours(1)),
                new Flagged("--userspace-drain-timeout", "--userspace-drain-timeout=30s",
                        c -> c.userspace().drainTimeout(), Duration.ofSeconds(30)),
                new Flagged("--userspace-transport", "--userspace-transport=nio", c -> c.userspace().transport(),
                        UserspaceTransport.NIO),
                new Flagged("--userspace-balance", "--userspace-balance=least-connections",
                        c -> c.userspace().balance(), BalanceMode.LEAST_CONNECTIONS),
                new Flagged("--userspace-connect-timeout", "--userspace-connect-timeout=250ms",
                        c -> c.userspace().connectTimeout(), Duration.ofMillis(250)),
                new Flagged("--userspace-connect-attempts", "--userspace-connect-attempts=1",
                        c -> c.userspace().connectAttempts(), 1),
                new Flagged("--userspace-idle-timeout", "--userspace-idle-timeout=10m",
                        c -> c.userspace().idleTimeout(), Duration.ofMinutes(10)),
                new Flagged("--userspace-max-connections", "--userspace-max-connections=5000",
                        c -> c.userspace().maxConnections(), 5000),
                new Flagged("--userspace-udp-idle-timeout", "--userspace-udp-idle-timeout=2m",
                        c -> c.userspace().udpIdleTimeout(), Duration.ofMinutes(2)),
                new Flagged("--userspace-udp-max-flows", "--userspace-udp-max-flows=100",
                        c -> c.userspace().udpMaxFlows(), 100),
                new Flagged("--userspace-eject-after", "--userspace-eject-after=5",
                        c -> c.userspace().ejectAfter(), 5),
                new Flagged("--userspace-eject-for", "--userspace-eject-for=1m",
                        c -> c.userspace().ejectFor(), Duration.ofMinutes(1)),
                new Flagged("--detect-local-mode with its bridge",
                        List.of("--detect-local-mode=BridgeInterface", "--pod-bridge-interface=cbr0"),
                        ProxyConfig::detectLocal,
                        new DetectLocal(DetectLocalMode.BRIDGE_INTERFACE, Optional.of("cbr0"), Optional.empty())),
                new Flagged("--pod-interface-name-prefix",
                        List.of("--detect-local-mode=InterfaceNamePrefix", "--pod-interface-name-prefix=veth"),
                        c -> c.detectLocal().interfaceNamePrefix(), Optional.of("veth")),
                new Flagged("--conntrack-max-per-core", "--conntrack-max-per-core=0",
                        c -> c.conntrack().maxPerCore(), 0),
                new Flagged("--conntrack-min", "--conntrack-min=4096", c -> c.conntrack().min(), 4096),
                new Flagged("--conntrack-tcp-timeout-established", "--conntrack-tcp-timeout-established=1h",
                        c -> c.conntrack().tcpEstablishedTimeout(), Duration.ofHours(1)),
                new Flagged("--conntrack-tcp-timeout-close-wait", "--conntrack-tcp-timeout-close-wait=30m",
                        c -> c.conntrack().tcpCloseWaitTimeout(), Duration.ofMinutes(30)),
                new Flagged("--conntrack-tcp-be-liberal", "--conntrack-tcp-be-liberal",
                        c -> c.conntrack().tcpBeLiberal(), true),
                new Flagged("--conntrack-udp-timeout", "--conntrack-udp-timeout=30s",
                        c -> c.conntrack().udpTimeout(), Duration.ofSeconds(30)),
                new Flagged("--conntrack-udp-timeout-stream", "--conntrack-udp-timeout-stream=2m",
                        c -> c.conntrack().udpStreamTimeout(), Duration.ofMinutes(2)),
                new Flagged("--source", "--source=objects.yaml", ProxyConfig::source,
                        Optional.of(Path.of("objects.yaml"))),
                new Flagged("--kubeconfig", "--kubeconfig=/etc/kubernetes/proxy.conf", ProxyConfig::kubeconfig,
                        Optional.of(Path.of("/etc/kubernetes/proxy.conf"))),
                new Flagged("neither --source nor --kubeconfig means in-cluster", List.of(),
                        c -> c.source().isEmpty() && c.kubeconfig().isEmpty(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flags")
    void eachFlagReachesTheConfig(Flagged c) {
        Run run = run(c.flags());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(c.part().apply(run.config())).isEqualTo(c.expected());
    }

    record Bad(String name, List<String> args, String stderr) {
    }

    static Stream<Bad> badCommandLines() {
        return Stream.of(
                new Bad("a prefix too long for IPv4", List.of("run", "--cluster-cidr", "10.0.0.0/33"),
                        "junction: --cluster-cidr \"10.0.0.0/33\": prefix length 33 (expected: 0-32 for IPv4)"),
                new Bad("an unknown proxy mode", List.of("run", "--proxy-mode=kernelspace"),
                        "junction: --proxy-mode \"kernelspace\" (expected: one of iptables, nftables, ipvs,"
                                + " userspace)"),
                new Bad("a duration without a unit", List.of("run", "--iptables-sync-period=30"),
                        "junction: --iptables-sync-period \"30\" (expected: a duration like 1s, 500ms or 1h0m0s)"),
                new Bad("a masquerade bit out of range", List.of("run", "--iptables-masquerade-bit=32"),
                        "junction: --iptables-masquerade-bit \"32\" (expected: 0-31)"),
                new Bad("a masquerade bit that is not a number", List.of("run", "--iptables-masquerade-bit=x"),
                        "junction: --iptables-masquerade-bit \"x\" (expected: a 32-bit integer)"),
                new Bad("a boolean that is not one", List.of("run", "--masquerade-all=yes"),
                        "junction: --masquerade-all \"yes\" (expected: true or false)"),
                new Bad("a bad NodePort address", List.of("run", "--nodeport-addresses=primary,nodes"),
                        "junction: --nodeport-addresses \"primary,nodes\": no /prefix-length (expected: a CIDR or one"
                                + " of primary, localhost, all)"),
                new Bad("a bad health address", List.of("run", "--healthz-bind-address=any:10256"),
                        "junction: --healthz-bind-address \"any:10256\" (expected: ip:port, [ipv6]:port or an IP)"),
                new Bad("--source with --kubeconfig", List.of("run", "--source=a.yaml", "--kubeconfig=k.conf"),
                        "junction: --source \"a.yaml\" (expected: either a source or a kubeconfig, not both;"
                                + " kubeconfig set by --kubeconfig \"k.conf\")"),
                new Bad("a min sync period above the sync period",
                        List.of("run", "--iptables-sync-period=5s", "--iptables-min-sync-period=10s"),
                        "junction: --iptables-min-sync-period \"10s\" (expected: at most the sync period 5s set by"
                                + " --iptables-sync-period)"),
                new Bad("an unknown balance mode", List.of("run", "--userspace-balance=weighted"),
                        "junction: --userspace-balance \"weighted\" (expected: one of round-robin, least-connections,"
                                + " random)"),
                new Bad("a userspace connection limit below 0", List.of("run", "--userspace-max-connections=-1"),
                        "junction: --userspace-max-connections \"-1\" (expected: 0 or more)"),
                new Bad("no connect attempt at all", List.of("run", "--userspace-connect-attempts=0"),
                        "junction: --userspace-connect-attempts \"0\" (expected: 1 or more)"),
                new Bad("an unknown flag", List.of("run", "--masquerade-everything"),
                        "junction: Unknown option: '--masquerade-everything'"),
                new Bad("a flag without its value", List.of("run", "--proxy-mode"),
                        "junction: Missing required parameter for option '--proxy-mode' (MODE)"),
                new Bad("no command", List.of(), "junction: missing command (expected: one of run, rules, explain, demo, dns)"),
                new Bad("an unknown command", List.of("proxy"), "junction: Unmatched argument at index 0: 'proxy'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineOnStderrAndExitCode2(Bad c) {
        Run run = execute(c.args());

        assertThat(run.stderr()).isEqualTo(c.stderr() + System.lineSeparator());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.launched()).isEmpty();
    }

    record Layered(String name, String file, List<String> flags, Function<ProxyConfig, Object> part,
                   Object expected) {
    }

    static Stream<Layered> precedence() {
        return Stream.of(
                new Layered("a flag overrides the file", "iptables: {syncPeriod: 10s}",
                        List.of("--iptables-sync-period=20s"), c -> c.rules().syncPeriod(), Duration.ofSeconds(20)),
                new Layered("the file overrides the default", "iptables: {syncPeriod: 10s}", List.of(),
                        c -> c.rules().syncPeriod(), Duration.ofSeconds(10)),
                new Layered("the default fills what neither sets", "iptables: {syncPeriod: 10s}", List.of(),
                        c -> c.rules().minSyncPeriod(), Duration.ofSeconds(1)),
                new Layered("--hostname-override beats the file's hostnameOverride", "hostnameOverride: file-node",
                        List.of("--hostname-override=flag-node"), ProxyConfig::nodeName, "flag-node"),
                new Layered("the file's hostnameOverride beats the machine's", "hostnameOverride: file-node",
                        List.of(), ProxyConfig::nodeName, "file-node"),
                new Layered("--proxy-mode overrides the file's mode", "mode: nftables",
                        List.of("--proxy-mode=iptables"), ProxyConfig::mode, ProxyMode.IPTABLES),
                new Layered("--proxy-mode picks the file's section when the file has no mode",
                        "nftables: {syncPeriod: 12s}\niptables: {syncPeriod: 11s}", List.of("--proxy-mode=nftables"),
                        c -> c.rules().syncPeriod(), Duration.ofSeconds(12)),
                new Layered("a flag's masquerade bit overrides the mode's section", "nftables: {masqueradeBit: 4}",
                        List.of("--proxy-mode=nftables", "--iptables-masquerade-bit=5"),
                        c -> c.rules().masqueradeBit(), 5),
                new Layered("--kubeconfig overrides clientConnection.kubeconfig",
                        "clientConnection: {kubeconfig: /from/file}", List.of("--kubeconfig=/from/flag"),
                        ProxyConfig::kubeconfig, Optional.of(Path.of("/from/flag"))),
                new Layered("a flag fixes a file's min sync period conflict",
                        "iptables: {syncPeriod: 5s, minSyncPeriod: 10s}", List.of("--iptables-sync-period=1m"),
                        c -> c.rules().minSyncPeriod(), Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void flagsOverrideTheConfigFileWhichOverridesDefaults(Layered c) throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), HEADER + c.file() + "\n");
        List<String> flags = new ArrayList<>(List.of("--config", file.toString()));
        flags.addAll(c.flags());

        Run run = run(flags);

        assertThat(run.stderr()).isEmpty();
        assertThat(c.part().apply(run.config())).isEqualTo(c.expected());
    }

    @Test
    void aBadConfigFileIsOneLineNamingFileFieldAndValue() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), HEADER + "iptables:\n  minSyncPeriod: fast\n");

        Run run = run(List.of("--config", file.toString()));

        assertThat(run.stderr()).isEqualTo("junction: " + file
                + ": iptables.minSyncPeriod: \"fast\" (expected: a duration like 1s, 500ms or 1h0m0s)"
                + System.lineSeparator());
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingConfigFileIsAUsageError() {
        Run run = run(List.of("--config", dir.resolve("absent.yaml").toString()));

        assertThat(run.stderr()).startsWith("junction: " + dir.resolve("absent.yaml") + ": cannot read");
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void theLaunchersExitCodeIsTheCommands() {
        List<ProxyConfig> launched = new ArrayList<>();
        CommandLine command = JunctionCommand.create((config, dns) -> {
            launched.add(config);
            return 7;
        }, () -> "machine-a");

        assertThat(command.execute("run")).isEqualTo(7);
        assertThat(launched).hasSize(1);
    }

    @Test
    void helpExplainsThatFlagsOverrideTheConfigFile() {
        Run run = execute(List.of("run", "--help"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout())
                .contains("--cluster-cidr=CIDR[,CIDR]", "--conntrack-udp-timeout-stream=DURATION", "--source=PATH")
                .contains("Flags override the --config file, which overrides kube-proxy's defaults.");
    }

    @Test
    void versionNamesTheProgram() {
        Run run = execute(List.of("--version"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("junction ");
    }

    private record Run(int exitCode, List<ProxyConfig> launched, String stdout, String stderr) {
        ProxyConfig config() {
            assertThat(launched).as("launched configs; stderr: %s", stderr).hasSize(1);
            return launched.get(0);
        }
    }

    private static Run run(List<String> flags) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(flags);
        return execute(args);
    }

    private static Run execute(List<String> args) {
        List<ProxyConfig> launched = new ArrayList<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = JunctionCommand.create((config, dns) -> {
            launched.add(config);
            return 0;
        }, () -> "Machine-A");
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args.toArray(String[]::new));
        return new Run(exitCode, launched, out.toString(), err.toString());
    }
}
