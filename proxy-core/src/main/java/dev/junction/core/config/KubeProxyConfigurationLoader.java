package dev.junction.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.junction.core.net.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads kube-proxy's {@code --config} file, a {@code KubeProxyConfiguration} of {@code
 * kubeproxy.config.k8s.io/v1alpha1}, into a {@link ProxyConfigBuilder}.
 *
 * <p>Like kube-proxy's strict decoding, unknown and duplicate fields are errors. kube-proxy fields Junction has no use
 * for ({@code ipvs.scheduler}, {@code winkernel}, {@code clientConnection.qps}, ...) are accepted and logged at DEBUG.
 * As in kube-proxy's v1alpha1 conversion, the {@code iptables}, {@code nftables} or {@code ipvs} section that supplies
 * the sync periods and masquerading is the one of the file's {@code mode} (or, without one, the builder's mode, else
 * iptables); and, as in {@code SetDefaults_KubeProxyConfiguration}, a zero {@code syncPeriod}, {@code minSyncPeriod}
 * or {@code configSyncPeriod} means "not set". Stateless and thread-safe.
 */
public final class KubeProxyConfigurationLoader {

    static final String API_VERSION = "kubeproxy.config.k8s.io/v1alpha1";
    static final String KIND = "KubeProxyConfiguration";

    private static final Logger LOG = LoggerFactory.getLogger(KubeProxyConfigurationLoader.class);

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "clientConnection", "hostnameOverride",
            "bindAddress", "healthzBindAddress", "metricsBindAddress", "mode", "iptables", "nftables", "ipvs",
            "detectLocalMode", "detectLocal", "clusterCIDR", "nodePortAddresses", "conntrack", "configSyncPeriod");
    private static final Set<String> TOP_LEVEL_IGNORED = Set.of("featureGates", "logging", "bindAddressHardFail",
            "enableProfiling", "showHiddenMetricsForVersion", "winkernel", "oomScoreAdj", "portRange",
            "windowsRunAsService");
    private static final Set<String> SYNC = Set.of("syncPeriod", "minSyncPeriod");
    private static final Set<String> NFTABLES = Set.of("masqueradeAll", "masqueradeBit", "syncPeriod",
            "minSyncPeriod");
    private static final Set<String> IPTABLES = Set.of("masqueradeAll", "masqueradeBit", "syncPeriod",
            "minSyncPeriod", "localhostNodePorts");

    private final YAMLMapper mapper =
            YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * Applies every field the file sets onto {@code builder}; fields it leaves out keep the builder's values.
     *
     * @throws InvalidConfigException when the file cannot be read or parsed, or a field is unknown or invalid; the
     *                                message starts with the file name
     */
    public void load(Path file, ProxyConfigBuilder builder) throws InvalidConfigException {
        ConfigSection root = ConfigSection.root(file.toString(), read(file));
        checkType(root);
        List<String> ignored = new ArrayList<>(root.checkFields(TOP_LEVEL, TOP_LEVEL_IGNORED));
        Optional<ProxyMode> fileMode = root.parsed("mode", ProxyMode::parse);
        fileMode.ifPresent(m -> builder.mode(m, root.origin("mode")));
        ProxyMode mode = fileMode.or(builder::mode).orElse(ProxyMode.IPTABLES);
        applyNode(root, builder);
        ignored.addAll(applyClientConnection(root.section("clientConnection"), builder));
        ignored.addAll(applyRuleSections(root, mode, builder));
        applyDetectLocal(root, builder);
        applyConntrack(root.section("conntrack"), builder.conntrack());
        if (!ignored.isEmpty()) {
            LOG.debug("config file settings not used by Junction file={} fields={}", file, ignored);
        }
    }

    private JsonNode read(Path file) throws InvalidConfigException {
        try {
            return mapper.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidConfigException(file + ": line " + line + ": " + e.getOriginalMessage().lines()
                    .findFirst().orElse("invalid YAML") + " (expected: valid YAML, each field once)", e);
        } catch (IOException e) {
            throw new InvalidConfigException(file + ": cannot read (" + e + ")", e);
        }
    }

    private static void checkType(ConfigSection root) throws InvalidConfigException {
        String apiVersion = root.text("apiVersion").orElse("");
        if (!apiVersion.equals(API_VERSION)) {
            throw InvalidConfigException.forValue(root.origin("apiVersion"), apiVersion,
                    "(expected: " + API_VERSION + ")");
        }
        String kind = root.text("kind").orElse("");
        if (!kind.equals(KIND)) {
            throw InvalidConfigException.forValue(root.origin("kind"), kind, "(expected: " + KIND + ")");
        }
    }

    private static void applyNode(ConfigSection root, ProxyConfigBuilder builder) throws InvalidConfigException {
        root.nonEmptyText("hostnameOverride")
                .ifPresent(v -> builder.hostnameOverride(v, root.origin("hostnameOverride")));
        root.parsed("bindAddress", IpAddress::parse)
                .ifPresent(v -> builder.bindAddress(v, root.origin("bindAddress")));
        root.parsed("healthzBindAddress", text -> HostPort.parse(text, 10256))
                .ifPresent(v -> builder.healthzBindAddress(v, root.origin("healthzBindAddress")));
        root.parsed("metricsBindAddress", text -> HostPort.parse(text, 10249))
                .ifPresent(v -> builder.metricsBindAddress(v, root.origin("metricsBindAddress")));
        root.parsed("clusterCIDR", ClusterCidrs::parse)
                .ifPresent(v -> builder.clusterCidrs(v, root.origin("clusterCIDR")));
        List<String> nodePortAddresses = root.strings("nodePortAddresses");
        String nodePortOrigin = root.origin("nodePortAddresses");
        if (!nodePortAddresses.isEmpty()) {
            try {
                builder.nodePortAddresses(NodePortAddresses.parse(nodePortAddresses), nodePortOrigin);
            } catch (IllegalArgumentException e) {
                throw InvalidConfigException.forValue(nodePortOrigin, String.join(",", nodePortAddresses), e);
            }
        }
        root.duration("configSyncPeriod").filter(d -> !d.isZero())
                .ifPresent(v -> builder.configSyncPeriod(v, root.origin("configSyncPeriod")));
    }

    private static List<String> applyClientConnection(ConfigSection connection, ProxyConfigBuilder builder)
            throws InvalidConfigException {
        List<String> ignored = connection.checkFields(Set.of("kubeconfig"),
                Set.of("acceptContentTypes", "contentType", "qps", "burst"));
        connection.nonEmptyText("kubeconfig")
                .ifPresent(v -> builder.kubeconfig(Path.of(v), connection.origin("kubeconfig")));
        return ignored;
    }

    /** Reads all three sections (each is checked), then applies the one that belongs to {@code mode}. */
    private static List<String> applyRuleSections(ConfigSection root, ProxyMode mode, ProxyConfigBuilder builder)
            throws InvalidConfigException {
        ConfigSection iptables = root.section("iptables");
        ConfigSection nftables = root.section("nftables");
        ConfigSection ipvs = root.section("ipvs");
        List<String> ignored = new ArrayList<>(iptables.checkFields(IPTABLES, Set.of("snatNodeInternalIP")));
        ignored.addAll(nftables.checkFields(NFTABLES, Set.of()));
        ignored.addAll(ipvs.checkFields(SYNC, Set.of("scheduler", "excludeCIDRs", "strictARP", "tcpTimeout",
                "tcpFinTimeout", "udpTimeout")));
        ConfigSection syncSection = switch (mode) {
            case NFTABLES -> nftables;
            case IPVS -> ipvs;
            case IPTABLES, USERSPACE -> iptables;
        };
        applySync(syncSection, builder);
        applyMasquerade(mode == ProxyMode.NFTABLES ? nftables : iptables, builder);
        iptables.bool("localhostNodePorts")
                .ifPresent(v -> builder.localhostNodePorts(v, iptables.origin("localhostNodePorts")));
        return ignored;
    }

    private static void applySync(ConfigSection section, ProxyConfigBuilder builder) throws InvalidConfigException {
        section.duration("syncPeriod").filter(d -> !d.isZero())
                .ifPresent(v -> builder.syncPeriod(v, section.origin("syncPeriod")));
        section.duration("minSyncPeriod").filter(d -> !d.isZero())
                .ifPresent(v -> builder.minSyncPeriod(v, section.origin("minSyncPeriod")));
    }

    private static void applyMasquerade(ConfigSection section, ProxyConfigBuilder builder)
            throws InvalidConfigException {
        section.bool("masqueradeAll").ifPresent(v -> builder.masqueradeAll(v, section.origin("masqueradeAll")));
        section.int32("masqueradeBit").ifPresent(v -> builder.masqueradeBit(v, section.origin("masqueradeBit")));
    }

    private static void applyDetectLocal(ConfigSection root, ProxyConfigBuilder builder)
            throws InvalidConfigException {
        root.parsed("detectLocalMode", DetectLocalMode::parse)
                .ifPresent(v -> builder.detectLocalMode(v, root.origin("detectLocalMode")));
        ConfigSection detectLocal = root.section("detectLocal");
        detectLocal.checkFields(Set.of("bridgeInterface", "interfaceNamePrefix"), Set.of());
        detectLocal.nonEmptyText("bridgeInterface")
                .ifPresent(v -> builder.bridgeInterface(v, detectLocal.origin("bridgeInterface")));
        detectLocal.nonEmptyText("interfaceNamePrefix")
                .ifPresent(v -> builder.interfaceNamePrefix(v, detectLocal.origin("interfaceNamePrefix")));
    }

    private static void applyConntrack(ConfigSection conntrack, ConntrackSettingsBuilder builder)
            throws InvalidConfigException {
        conntrack.checkFields(Set.of("maxPerCore", "min", "tcpEstablishedTimeout", "tcpCloseWaitTimeout",
                "tcpBeLiberal", "udpTimeout", "udpStreamTimeout"), Set.of());
        conntrack.int32("maxPerCore").ifPresent(v -> builder.maxPerCore(v, conntrack.origin("maxPerCore")));
        conntrack.int32("min").ifPresent(v -> builder.min(v, conntrack.origin("min")));
        conntrack.duration("tcpEstablishedTimeout")
                .ifPresent(v -> builder.tcpEstablishedTimeout(v, conntrack.origin("tcpEstablishedTimeout")));
        conntrack.duration("tcpCloseWaitTimeout")
                .ifPresent(v -> builder.tcpCloseWaitTimeout(v, conntrack.origin("tcpCloseWaitTimeout")));
        conntrack.bool("tcpBeLiberal").ifPresent(v -> builder.tcpBeLiberal(v, conntrack.origin("tcpBeLiberal")));
        conntrack.duration("udpTimeout").ifPresent(v -> builder.udpTimeout(v, conntrack.origin("udpTimeout")));
        conntrack.duration("udpStreamTimeout")
                .ifPresent(v -> builder.udpStreamTimeout(v, conntrack.origin("udpStreamTimeout")));
    }
}
