package dev.junction.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyConfigBuilderTest {

    private static final String HOSTNAME = " Worker-1.Example ";

    @Test
    void defaultsAreKubeProxys() throws InvalidConfigException {
        ProxyConfig config = new ProxyConfigBuilder().build(() -> HOSTNAME);

        assertThat(config).isEqualTo(new ProxyConfig(
                ProxyMode.IPTABLES,
                "worker-1.example",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                NodePortAddresses.all(),
                IpAddress.parse("0.0.0.0"),
                new DetectLocal(DetectLocalMode.CLUSTER_CIDR, Optional.empty(), Optional.empty()),
                new RuleSettings(false, 14, true, Duration.ofSeconds(30), Duration.ofSeconds(1)),
                HostPort.parse("0.0.0.0:10256", 0),
                HostPort.parse("127.0.0.1:10249", 0),
                Duration.ofMinutes(15),
                new ConntrackSettings(32768, 131072, Duration.ofHours(24), Duration.ofHours(1), false,
                        Duration.ZERO, Duration.ZERO),
                new UserspaceSettings(UserspaceTransport.AUTO, BalanceMode.ROUND_ROBIN, Duration.ofSeconds(5), 3,
                        Duration.ofHours(1), 0, Duration.ofSeconds(30), 16384, 3, Duration.ofSeconds(10),
                        Duration.ofMinutes(5))));
        assertThat(config.rules().masqueradeMark()).isEqualTo(0x4000);
        assertThat(config.nodeIpOverride()).isEmpty();
    }

    record Resolved(String name, Consumer<ProxyConfigBuilder> settings, Function<ProxyConfig, Object> part,
                    Object expected) {
    }

    static Stream<Resolved> resolvedSettings() {
        return Stream.of(
                new Resolved("a hostname override is trimmed and lower-cased",
                        b -> b.hostnameOverride(" Node-A ", "--hostname-override"), ProxyConfig::nodeName, "node-a"),
                new Resolved("an empty hostname override falls back to the machine's",
                        b -> b.hostnameOverride("", "--hostname-override"), ProxyConfig::nodeName,
                        "worker-1.example"),
                new Resolved("nftables serves NodePorts on the primary IPs by default",
                        b -> b.mode(ProxyMode.NFTABLES, "--proxy-mode"), ProxyConfig::nodePortAddresses,
                        NodePortAddresses.primaryOnly()),
                new Resolved("an explicit NodePort list wins over the nftables default",
                        b -> b.mode(ProxyMode.NFTABLES, "--proxy-mode").nodePortAddresses(
                                NodePortAddresses.parse(List.of("198.18.0.0/24")), "--nodeport-addresses"),
                        c -> c.nodePortAddresses().cidrs(), List.of(Cidr.parse("198.18.0.0/24"))),
                new Resolved("an IPv6 bind address moves the health server to ::",
                        b -> b.bindAddress(IpAddress.parse("fd00:198:18::5"), "--bind-address"),
                        c -> c.healthzBindAddress().toString(), "[::]:10256"),
                new Resolved("an IPv6 bind address moves the metrics server to ::1",
                        b -> b.bindAddress(IpAddress.parse("fd00:198:18::5"), "--bind-address"),
                        c -> c.metricsBindAddress().toString(), "[::1]:10249"),
                new Resolved("a specific bind address overrides the node IP",
                        b -> b.bindAddress(IpAddress.parse("198.18.0.5"), "--bind-address"),
                        ProxyConfig::nodeIpOverride, Optional.of(IpAddress.parse("198.18.0.5"))),
                new Resolved("a later value replaces an earlier one",
                        b -> b.syncPeriod(Duration.ofSeconds(5), "config.yaml: iptables.syncPeriod:")
                                .syncPeriod(Duration.ofSeconds(7), "--iptables-sync-period"),
                        c -> c.rules().syncPeriod(), Duration.ofSeconds(7)),
                new Resolved("the userspace transport can be pinned",
                        b -> b.userspace().transport(UserspaceTransport.EPOLL, "--userspace-transport"),
                        c -> c.userspace().transport(), UserspaceTransport.EPOLL),
                new Resolved("the userspace balance mode can be chosen",
                        b -> b.userspace().balance(BalanceMode.LEAST_CONNECTIONS, "--userspace-balance"),
                        c -> c.userspace().balance(), BalanceMode.LEAST_CONNECTIONS),
                new Resolved("a userspace connect timeout of Netty's largest",
                        b -> b.userspace().connectTimeout(Duration.ofMillis(Integer.MAX_VALUE),
                                "--userspace-connect-timeout"),
                        c -> c.userspace().connectTimeout(), Duration.ofMillis(Integer.MAX_VALUE)),
                new Resolved("a userspace drain timeout of 0 closes at once",
                        b -> b.userspace().drainTimeout(Duration.ZERO, "--userspace-drain-timeout"),
                        c -> c.userspace().drainTimeout(), Duration.ZERO),
                new Resolved("minSyncPeriod 0 syncs on every change",
                        b -> b.minSyncPeriod(Duration.ZERO, "--iptables-min-sync-period"),
                        c -> c.rules().minSyncPeriod(), Duration.ZERO),
                new Resolved("a bridge interface with its mode",
                        b -> b.detectLocalMode(DetectLocalMode.BRIDGE_INTERFACE, "--detect-local-mode")
                                .bridgeInterface("cbr0", "--pod-bridge-interface"),
                        ProxyConfig::detectLocal,
                        new DetectLocal(DetectLocalMode.BRIDGE_INTERFACE, Optional.of("cbr0"), Optional.empty())),
                new Resolved("a source file instead of a cluster",
                        b -> b.source(Path.of("objects.yaml"), "--source"), ProxyConfig::source,
                        Optional.of(Path.of("objects.yaml"))),
                new Resolved("conntrack maxPerCore 0 leaves nf_conntrack_max alone",
                        b -> b.conntrack().maxPerCore(0, "--conntrack-max-per-core"),
                        c -> c.conntrack().conntrackMax(8), 0),
                new Resolved("conntrack min bounds nf_conntrack_max from below",
                        b -> b.conntrack().maxPerCore(1000, "--conntrack-max-per-core"),
                        c -> c.conntrack().conntrackMax(8), 131072),
                new Resolved("conntrack maxPerCore scales with the CPUs",
                        b -> b.conntrack().maxPerCore(32768, "--conntrack-max-per-core"),
                        c -> c.conntrack().conntrackMax(8), 262144));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolvedSettings")
    void resolvesSettings(Resolved c) throws InvalidConfigException {
        ProxyConfigBuilder builder = new ProxyConfigBuilder();
        c.settings().accept(builder);

        assertThat(c.part().apply(builder.build(() -> HOSTNAME))).isEqualTo(c.expected());
    }

    record Rejected(String name, Consumer<ProxyConfigBuilder> settings, String message) {
    }

    static Stream<Rejected> rejectedSettings() {
        return Stream.of(
                new Rejected("a masquerade bit beyond 31",
                        b -> b.masqueradeBit(32, "--iptables-masquerade-bit"),
                        "--iptables-masquerade-bit \"32\" (expected: 0-31)"),
                new Rejected("a negative masquerade bit from a file",
                        b -> b.masqueradeBit(-1, "config.yaml: iptables.masqueradeBit:"),
                        "config.yaml: iptables.masqueradeBit: \"-1\" (expected: 0-31)"),
                new Rejected("a zero sync period",
                        b -> b.syncPeriod(Duration.ZERO, "--iptables-sync-period"),
                        "--iptables-sync-period \"0s\" (expected: a duration greater than 0)"),
                new Rejected("a negative min sync period",
                        b -> b.minSyncPeriod(Duration.ofSeconds(-1), "--iptables-min-sync-period"),
                        "--iptables-min-sync-period \"-1s\" (expected: a duration of 0 or more)"),
                new Rejected("a min sync period longer than the default sync period",
                        b -> b.minSyncPeriod(Duration.ofMinutes(1), "--iptables-min-sync-period"),
                        "--iptables-min-sync-period \"1m0s\" (expected: at most the sync period 30s set by default"
                                + " syncPeriod)"),
                new Rejected("a sync period shorter than the default min sync period",
                        b -> b.syncPeriod(Duration.ofMillis(500), "--iptables-sync-period"),
                        "default minSyncPeriod \"1s\" (expected: at most the sync period 500ms set by"
                                + " --iptables-sync-period)"),
                new Rejected("a min sync period from a file longer than a flag's sync period",
                        b -> b.minSyncPeriod(Duration.ofSeconds(20), "config.yaml: iptables.minSyncPeriod:")
                                .syncPeriod(Duration.ofSeconds(10), "--iptables-sync-period"),
                        "config.yaml: iptables.minSyncPeriod: \"20s\" (expected: at most the sync period 10s set by"
                                + " --iptables-sync-period)"),
                new Rejected("a zero config sync period",
                        b -> b.configSyncPeriod(Duration.ZERO, "--config-sync-period"),
                        "--config-sync-period \"0s\" (expected: a duration greater than 0)"),
                new Rejected("a negative conntrack minimum",
                        b -> b.conntrack().min(-5, "--conntrack-min"),
                        "--conntrack-min \"-5\" (expected: 0 or more)"),
                new Rejected("a negative conntrack timeout",
                        b -> b.conntrack().udpTimeout(Duration.ofSeconds(-30), "--conntrack-udp-timeout"),
                        "--conntrack-udp-timeout \"-30s\" (expected: a duration of 0 or more)"),
                new Rejected("a userspace connect timeout Netty cannot take",
                        b -> b.userspace().connectTimeout(Duration.ofDays(25), "--userspace-connect-timeout"),
                        "--userspace-connect-timeout \"600h0m0s\" (expected: at most 596h31m23.647s)"),
                new Rejected("zero userspace connect attempts",
                        b -> b.userspace().connectAttempts(0, "--userspace-connect-attempts"),
                        "--userspace-connect-attempts \"0\" (expected: 1 or more)"),
                new Rejected("a negative userspace connection limit",
                        b -> b.userspace().maxConnections(-1, "--userspace-max-connections"),
                        "--userspace-max-connections \"-1\" (expected: 0 or more)"),
                new Rejected("a zero userspace UDP idle timeout",
                        b -> b.userspace().udpIdleTimeout(Duration.ZERO, "--userspace-udp-idle-timeout"),
                        "--userspace-udp-idle-timeout \"0s\" (expected: a duration greater than 0)"),
                new Rejected("a zero ejection time",
                        b -> b.userspace().ejectFor(Duration.ZERO, "--userspace-eject-for"),
                        "--userspace-eject-for \"0s\" (expected: a duration greater than 0)"),
                new Rejected("BridgeInterface mode without a bridge",
                        b -> b.detectLocalMode(DetectLocalMode.BRIDGE_INTERFACE, "--detect-local-mode"),
                        "--detect-local-mode \"BridgeInterface\" (expected: with detectLocal.bridgeInterface or"
                                + " --pod-bridge-interface)"),
                new Rejected("InterfaceNamePrefix mode without a prefix",
                        b -> b.detectLocalMode(DetectLocalMode.INTERFACE_NAME_PREFIX, "config.yaml: detectLocalMode:"),
                        "config.yaml: detectLocalMode: \"InterfaceNamePrefix\" (expected: with"
                                + " detectLocal.interfaceNamePrefix or --pod-interface-name-prefix)"),
                new Rejected("a source and a kubeconfig",
                        b -> b.kubeconfig(Path.of("/etc/kube/proxy.conf"), "config.yaml: clientConnection.kubeconfig:")
                                .source(Path.of("objects.yaml"), "--source"),
                        "--source \"objects.yaml\" (expected: either a source or a kubeconfig, not both; kubeconfig"
                                + " set by config.yaml: clientConnection.kubeconfig: \"/etc/kube/proxy.conf\")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedSettings")
    void rejectsSettingsNamingTheirOrigin(Rejected c) {
        ProxyConfigBuilder builder = new ProxyConfigBuilder();
        c.settings().accept(builder);

        assertThatThrownBy(() -> builder.build(() -> HOSTNAME))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(c.message());
    }

    @Test
    void refusesToGuessANodeNameWithoutAHostname() {
        assertThatThrownBy(() -> new ProxyConfigBuilder().build(() -> " "))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("node name: the machine has no hostname (expected: --hostname-override NAME)");
    }
}
