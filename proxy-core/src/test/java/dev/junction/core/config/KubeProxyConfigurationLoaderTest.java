package dev.junction.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KubeProxyConfigurationLoaderTest {

    private static final String HEADER = """
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            """;

    @TempDir
    Path dir;

    @Test
    void readsEverySettingJunctionUses() throws Exception {
        ProxyConfig config = load(HEADER + """
                mode: nftables
                hostnameOverride: Node-7
                clientConnection:
                  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
                bindAddress: 198.18.0.7
                healthzBindAddress: 198.18.0.7:20256
                metricsBindAddress: 198.18.0.7
                clusterCIDR: 198.18.128.0/17,fd00:198:18::/64
                nodePortAddresses: [198.18.0.0/24, primary]
                detectLocalMode: InterfaceNamePrefix
                detectLocal:
                  interfaceNamePrefix: veth
                configSyncPeriod: 10m
                nftables:
                  masqueradeAll: true
                  masqueradeBit: 12
                  syncPeriod: 1m
                  minSyncPeriod: 500ms
                iptables:
                  localhostNodePorts: false
                conntrack:
                  maxPerCore: 0
                  min: 1000
                  tcpEstablishedTimeout: 2h
                  tcpCloseWaitTimeout: 0s
                  tcpBeLiberal: true
                  udpTimeout: 30s
                  udpStreamTimeout: 2m
                """);

        assertThat(config).isEqualTo(new ProxyConfig(
                ProxyMode.NFTABLES,
                "node-7",
                Optional.empty(),
                Optional.of(Path.of("/var/lib/kube-proxy/kubeconfig.conf")),
                List.of(Cidr.parse("198.18.128.0/17"), Cidr.parse("fd00:198:18::/64")),
                new NodePortAddresses(true, List.of(Cidr.parse("198.18.0.0/24"))),
                IpAddress.parse("198.18.0.7"),
                new DetectLocal(DetectLocalMode.INTERFACE_NAME_PREFIX, Optional.empty(), Optional.of("veth")),
                new RuleSettings(true, 12, false, Duration.ofMinutes(1), Duration.ofMillis(500)),
                HostPort.parse("198.18.0.7:20256", 0),
                HostPort.parse("198.18.0.7:10249", 0),
                Duration.ofMinutes(10),
                new ConntrackSettings(0, 1000, Duration.ofHours(2), Duration.ZERO, true, Duration.ofSeconds(30),
                        Duration.ofMinutes(2)),
                UserspaceSettings.DEFAULT));
    }

    @Test
    void aFileWithOnlyTheTypeGivesTheDefaults() throws Exception {
        assertThat(load(HEADER)).isEqualTo(new ProxyConfigBuilder().build(() -> "machine"));
    }

    @Test
    void acceptsAKubeadmStyleFileWithFieldsJunctionDoesNotUse() throws Exception {
        ProxyConfig config = load(HEADER + """
                bindAddress: 0.0.0.0
                bindAddressHardFail: false
                clientConnection:
                  acceptContentTypes: ""
                  burst: 10
                  contentType: application/vnd.kubernetes.protobuf
                  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
                  qps: 5
                clusterCIDR: 198.18.0.0/16
                configSyncPeriod: 0s
                conntrack:
                  maxPerCore: null
                  min: null
                  tcpCloseWaitTimeout: null
                  tcpEstablishedTimeout: null
                  udpStreamTimeout: 0s
                  udpTimeout: 0s
                detectLocal:
                  bridgeInterface: ""
                  interfaceNamePrefix: ""
                detectLocalMode: ""
                enableProfiling: false
                featureGates:
                  SomeGate: true
                healthzBindAddress: ""
                hostnameOverride: ""
                iptables:
                  localhostNodePorts: null
                  masqueradeAll: false
                  masqueradeBit: null
                  minSyncPeriod: 0s
                  syncPeriod: 0s
                ipvs:
                  excludeCIDRs: null
                  minSyncPeriod: 0s
                  scheduler: ""
                  strictARP: false
                  syncPeriod: 0s
                  tcpFinTimeout: 0s
                  tcpTimeout: 0s
                  udpTimeout: 0s
                logging:
                  flushFrequency: 0
                  options:
                    json:
                      infoBufferSize: "0"
                  verbosity: 0
                metricsBindAddress: ""
                mode: ""
                nftables:
                  masqueradeAll: false
                  masqueradeBit: null
                  minSyncPeriod: 0s
                  syncPeriod: 0s
                nodePortAddresses: null
                oomScoreAdj: null
                portRange: ""
                showHiddenMetricsForVersion: ""
                winkernel:
                  enableDSR: false
                  forwardHealthCheckVip: false
                  networkName: ""
                  rootHnsEndpoint: ""
                  sourceVip: ""
                """);

        ProxyConfig expected = new ProxyConfigBuilder()
                .kubeconfig(Path.of("/var/lib/kube-proxy/kubeconfig.conf"), "test")
                .clusterCidrs(List.of(Cidr.parse("198.18.0.0/16")), "test")
                .build(() -> "machine");
        assertThat(config).isEqualTo(expected);
    }

    record Section(String name, String yaml, Function<ProxyConfig, Object> part, Object expected) {
    }

    static Stream<Section> modeSections() {
        String sections = """
                iptables: {syncPeriod: 11s, minSyncPeriod: 2s, masqueradeBit: 3}
                nftables: {syncPeriod: 12s, minSyncPeriod: 3s, masqueradeBit: 4}
                ipvs: {syncPeriod: 13s, minSyncPeriod: 4s}
                """;
        RuleSettings iptables = new RuleSettings(false, 3, true, Duration.ofSeconds(11), Duration.ofSeconds(2));
        return Stream.of(
                new Section("iptables mode reads the iptables section", "mode: iptables\n" + sections,
                        ProxyConfig::rules, iptables),
                new Section("no mode reads the iptables section", sections, ProxyConfig::rules, iptables),
                new Section("userspace mode reads the iptables section", "mode: userspace\n" + sections,
                        ProxyConfig::rules, iptables),
                new Section("nftables mode reads the nftables section", "mode: nftables\n" + sections,
                        ProxyConfig::rules,
                        new RuleSettings(false, 4, true, Duration.ofSeconds(12), Duration.ofSeconds(3))),
                new Section("ipvs mode syncs by the ipvs section and masquerades by the iptables one",
                        "mode: ipvs\n" + sections, ProxyConfig::rules,
                        new RuleSettings(false, 3, true, Duration.ofSeconds(13), Duration.ofSeconds(4))),
                new Section("masqueradeBit 0 is a value, not unset", "iptables: {masqueradeBit: 0}",
                        c -> c.rules().masqueradeBit(), 0),
                new Section("a zero minSyncPeriod means unset, as in kube-proxy's defaulting",
                        "iptables: {minSyncPeriod: 0s}", c -> c.rules().minSyncPeriod(), Duration.ofSeconds(1)),
                new Section("an IPv6 bindAddress moves the default health address",
                        "bindAddress: \"fd00:198:18::7\"", c -> c.healthzBindAddress().toString(), "[::]:10256"),
                new Section("nodePortAddresses all", "nodePortAddresses: [all]",
                        c -> c.nodePortAddresses().isAll(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modeSections")
    void readsTheSectionOfTheMode(Section c) throws Exception {
        assertThat(c.part().apply(load(HEADER + c.yaml()))).isEqualTo(c.expected());
    }

    @Test
    void withoutAModeInTheFileTheBuildersModePicksTheSection() throws Exception {
        Path file = write(HEADER + "nftables: {syncPeriod: 12s}\niptables: {syncPeriod: 11s}\n");
        ProxyConfigBuilder builder = new ProxyConfigBuilder().mode(ProxyMode.NFTABLES, "--proxy-mode");

        new KubeProxyConfigurationLoader().load(file, builder);

        assertThat(builder.build(() -> "machine").rules().syncPeriod()).isEqualTo(Duration.ofSeconds(12));
    }

    record Invalid(String name, String content, String message) {
    }

    static Stream<Invalid> invalidFiles() {
        return Stream.of(
                new Invalid("a duration that is a word", HEADER + "iptables:\n  minSyncPeriod: fast\n",
                        "%s: iptables.minSyncPeriod: \"fast\" (expected: a duration like 1s, 500ms or 1h0m0s)"),
                new Invalid("a duration written as a number", HEADER + "configSyncPeriod: 30\n",
                        "%s: configSyncPeriod: \"30\" (expected: a duration like 1s, 500ms or 1h0m0s)"),
                new Invalid("a duration that is a mapping", HEADER + "iptables: {syncPeriod: {s: 1}}\n",
                        "%s: iptables.syncPeriod: \"{\\\"s\\\":1}\" (expected: a duration like 1s, 500ms or 1h0m0s)"),
                new Invalid("an unknown top-level field", HEADER + "masqueradeAll: true\n",
                        "%s: masqueradeAll: unknown field (expected: a KubeProxyConfiguration"
                                + " kubeproxy.config.k8s.io/v1alpha1 field)"),
                new Invalid("an unknown nested field", HEADER + "iptables:\n  syncPeriodd: 1s\n",
                        "%s: iptables.syncPeriodd: unknown field (expected: a KubeProxyConfiguration"
                                + " kubeproxy.config.k8s.io/v1alpha1 field)"),
                new Invalid("an unknown conntrack field", HEADER + "conntrack: {max: 5}\n",
                        "%s: conntrack.max: unknown field (expected: a KubeProxyConfiguration"
                                + " kubeproxy.config.k8s.io/v1alpha1 field)"),
                new Invalid("a v1alpha2 file", HEADER.replace("v1alpha1", "v1alpha2"),
                        "%s: apiVersion: \"kubeproxy.config.k8s.io/v1alpha2\" (expected:"
                                + " kubeproxy.config.k8s.io/v1alpha1)"),
                new Invalid("no apiVersion", "kind: KubeProxyConfiguration\n",
                        "%s: apiVersion: \"\" (expected: kubeproxy.config.k8s.io/v1alpha1)"),
                new Invalid("the wrong kind", HEADER.replace("KubeProxyConfiguration", "KubeletConfiguration"),
                        "%s: kind: \"KubeletConfiguration\" (expected: KubeProxyConfiguration)"),
                new Invalid("an unknown mode", HEADER + "mode: kernelspace\n",
                        "%s: mode: \"kernelspace\" (expected: one of iptables, nftables, ipvs, userspace)"),
                new Invalid("a bad cluster CIDR", HEADER + "clusterCIDR: 198.18.0.0/33\n",
                        "%s: clusterCIDR: \"198.18.0.0/33\": prefix length 33 (expected: 0-32 for IPv4)"),
                new Invalid("a cluster CIDR list instead of a string", HEADER + "clusterCIDR: [198.18.0.0/16]\n",
                        "%s: clusterCIDR: \"[\\\"198.18.0.0/16\\\"]\" (expected: a string)"),
                new Invalid("a bad NodePort address", HEADER + "nodePortAddresses: [198.18.0.0/24, nodes]\n",
                        "%s: nodePortAddresses: \"198.18.0.0/24,nodes\": no /prefix-length (expected: a CIDR or one"
                                + " of primary, localhost, all)"),
                new Invalid("NodePort addresses as a string", HEADER + "nodePortAddresses: primary\n",
                        "%s: nodePortAddresses: \"primary\" (expected: a list of strings)"),
                new Invalid("a host name as bind address", HEADER + "bindAddress: node.example\n",
                        "%s: bindAddress: \"node.example\": IP address \"node.example\" (expected: an IPv4 or IPv6"
                                + " literal)"),
                new Invalid("a health address with a bad port", HEADER + "healthzBindAddress: 0.0.0.0:99999\n",
                        "%s: healthzBindAddress: \"0.0.0.0:99999\": port 99999 (expected: 0-65535)"),
                new Invalid("a boolean written as a string", HEADER + "iptables: {masqueradeAll: \"true\"}\n",
                        "%s: iptables.masqueradeAll: \"true\" (expected: true or false)"),
                new Invalid("a masquerade bit written as text", HEADER + "iptables: {masqueradeBit: fourteen}\n",
                        "%s: iptables.masqueradeBit: \"fourteen\" (expected: a 32-bit integer)"),
                new Invalid("a masquerade bit out of range", HEADER + "iptables: {masqueradeBit: 40}\n",
                        "%s: iptables.masqueradeBit: \"40\" (expected: 0-31)"),
                new Invalid("a conntrack count beyond 32 bits", HEADER + "conntrack: {min: 5000000000}\n",
                        "%s: conntrack.min: \"5000000000\" (expected: a 32-bit integer)"),
                new Invalid("a section that is a list", HEADER + "conntrack: [1]\n",
                        "%s: conntrack: \"[1]\" (expected: a mapping)"),
                new Invalid("a detect-local mode in the wrong case", HEADER + "detectLocalMode: clusterCIDR\n",
                        "%s: detectLocalMode: \"clusterCIDR\" (expected: one of ClusterCIDR, NodeCIDR,"
                                + " BridgeInterface, InterfaceNamePrefix)"),
                new Invalid("a min sync period above the sync period",
                        HEADER + "iptables: {syncPeriod: 10s, minSyncPeriod: 20s}\n",
                        "%s: iptables.minSyncPeriod: \"20s\" (expected: at most the sync period 10s set by"
                                + " %1$s: iptables.syncPeriod:)"),
                new Invalid("an empty file", "",
                        "%s: empty file (expected: a KubeProxyConfiguration)"),
                new Invalid("a list instead of a mapping", "- a\n- b\n",
                        "%s: not a mapping (expected: a KubeProxyConfiguration)"),
                new Invalid("a duplicate field", HEADER + "mode: iptables\nmode: nftables\n",
                        "%s: line 4: Duplicate field 'mode' (expected: valid YAML, each field once)"),
                new Invalid("broken YAML", HEADER + "iptables: [\n",
                        "%s: line 3: while parsing a flow node (expected: valid YAML, each field once)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void rejectsInvalidFilesNamingFileFieldAndValue(Invalid c) throws IOException {
        Path file = write(c.content());

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(String.format(c.message(), file))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aMissingFileIsAnError() {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> load(missing))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(missing + ": cannot read (java.nio.file.NoSuchFileException");
    }

    private ProxyConfig load(String yaml) throws IOException, InvalidConfigException {
        return load(write(yaml));
    }

    private ProxyConfig load(Path file) throws InvalidConfigException {
        ProxyConfigBuilder builder = new ProxyConfigBuilder();
        new KubeProxyConfigurationLoader().load(file, builder);
        return builder.build(() -> "machine");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), yaml);
    }
}
