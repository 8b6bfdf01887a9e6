package dev.junction.core.config;

import static dev.junction.core.config.Setting.nonNegative;
import static dev.junction.core.config.Setting.orDefault;
import static dev.junction.core.config.Setting.positive;
import static dev.junction.core.config.Setting.valueOr;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Collects settings layer by layer (a config file first, then flags; a later value replaces an earlier one) and
 * builds a {@link ProxyConfig}, filling in kube-proxy's defaults and checking ranges and combinations.
 *
 * <p>Every setter takes the value's origin, used in error messages: a flag ({@code --iptables-sync-period}) or a file
 * and field ({@code config.yaml: iptables.syncPeriod:}). Not thread-safe; use it on one thread and drop it.
 */
public final class ProxyConfigBuilder {

    private static final int HEALTHZ_PORT = 10256;
    private static final int METRICS_PORT = 10249;

    private Setting<ProxyMode> mode;
    private Setting<String> hostnameOverride;
    private Setting<Path> source;
    private Setting<Path> kubeconfig;
    private Setting<List<Cidr>> clusterCidrs;
    private Setting<NodePortAddresses> nodePortAddresses;
    private Setting<IpAddress> bindAddress;
    private Setting<HostPort> healthzBindAddress;
    private Setting<HostPort> metricsBindAddress;
    private Setting<DetectLocalMode> detectLocalMode;
    private Setting<String> bridgeInterface;
    private Setting<String> interfaceNamePrefix;
    private Setting<Boolean> masqueradeAll;
    private Setting<Integer> masqueradeBit;
    private Setting<Boolean> localhostNodePorts;
    private Setting<Duration> syncPeriod;
    private Setting<Duration> minSyncPeriod;
    private Setting<Duration> configSyncPeriod;
    private final ConntrackSettingsBuilder conntrack = new ConntrackSettingsBuilder();
    private final UserspaceSettingsBuilder userspace = new UserspaceSettingsBuilder();

    public ProxyConfigBuilder mode(ProxyMode value, String origin) {
        mode = new Setting<>(value, origin);
        return this;
    }

    /** The mode set so far; a config file picks its {@code iptables}/{@code nftables}/{@code ipvs} section by it. */
    public Optional<ProxyMode> mode() {
        return Optional.ofNullable(mode).map(Setting::value);
    }

    public ProxyConfigBuilder hostnameOverride(String value, String origin) {
        hostnameOverride = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder source(Path value, String origin) {
        source = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder kubeconfig(Path value, String origin) {
        kubeconfig = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder clusterCidrs(List<Cidr> value, String origin) {
        clusterCidrs = new Setting<>(List.copyOf(value), origin);
        return this;
    }

    public ProxyConfigBuilder nodePortAddresses(NodePortAddresses value, String origin) {
        nodePortAddresses = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder bindAddress(IpAddress value, String origin) {
        bindAddress = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder healthzBindAddress(HostPort value, String origin) {
        healthzBindAddress = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder metricsBindAddress(HostPort value, String origin) {
        metricsBindAddress = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder detectLocalMode(DetectLocalMode value, String origin) {
        detectLocalMode = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder bridgeInterface(String value, String origin) {
        bridgeInterface = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder interfaceNamePrefix(String value, String origin) {
        interfaceNamePrefix = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder masqueradeAll(boolean value, String origin) {
        masqueradeAll = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder masqueradeBit(int value, String origin) {
        masqueradeBit = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder localhostNodePorts(boolean value, String origin) {
        localhostNodePorts = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder syncPeriod(Duration value, String origin) {
        syncPeriod = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder minSyncPeriod(Duration value, String origin) {
        minSyncPeriod = new Setting<>(value, origin);
        return this;
    }

    public ProxyConfigBuilder configSyncPeriod(Duration value, String origin) {
        configSyncPeriod = new Setting<>(value, origin);
        return this;
    }

    /** The {@code conntrack.*} settings, set the same way. */
    public ConntrackSettingsBuilder conntrack() {
        return conntrack;
    }

    /** Junction's own {@code --userspace-*} settings, set the same way. */
    public UserspaceSettingsBuilder userspace() {
        return userspace;
    }

    /**
     * Fills in defaults and checks the result.
     *
     * @param machineHostname asked only when no hostname override is set
     * @throws InvalidConfigException naming the first value out of range or in conflict with another
     */
    public ProxyConfig build(Supplier<String> machineHostname) throws InvalidConfigException {
        ProxyMode resolvedMode = valueOr(mode, ProxyMode.IPTABLES);
        IpAddress resolvedBind = valueOr(bindAddress, IpAddress.parse("0.0.0.0"));
        boolean ipv6 = resolvedBind.family() == IpFamily.IPV6;
        return new ProxyConfig(
                resolvedMode,
                nodeName(machineHostname),
                Optional.ofNullable(source).map(Setting::value),
                kubeconfig(),
                valueOr(clusterCidrs, List.of()),
                valueOr(nodePortAddresses,
                        resolvedMode == ProxyMode.NFTABLES ? NodePortAddresses.primaryOnly() : NodePortAddresses.all()),
                resolvedBind,
                detectLocal(),
                rules(),
                valueOr(healthzBindAddress, new HostPort(IpAddress.parse(ipv6 ? "::" : "0.0.0.0"), HEALTHZ_PORT)),
                valueOr(metricsBindAddress, new HostPort(IpAddress.parse(ipv6 ? "::1" : "127.0.0.1"), METRICS_PORT)),
                positive(orDefault(configSyncPeriod, Duration.ofMinutes(15), "configSyncPeriod")),
                conntrack.build(),
                userspace.build());
    }

    private String nodeName(Supplier<String> machineHostname) throws InvalidConfigException {
        if (hostnameOverride != null && !hostnameOverride.value().isBlank()) {
            return hostnameOverride.value().strip().toLowerCase(Locale.ROOT);
        }
        String hostname = machineHostname.get();
        if (hostname == null || hostname.isBlank()) {
            throw new InvalidConfigException(
                    "node name: the machine has no hostname (expected: --hostname-override NAME)");
        }
        return hostname.strip().toLowerCase(Locale.ROOT);
    }

    private Optional<Path> kubeconfig() throws InvalidConfigException {
        if (source != null && kubeconfig != null) {
            throw InvalidConfigException.forValue(source.origin(), source.value().toString(),
                    "(expected: either a source or a kubeconfig, not both; kubeconfig set by "
                            + kubeconfig.origin() + " " + InvalidConfigException.quote(kubeconfig.value().toString())
                            + ")");
        }
        return Optional.ofNullable(kubeconfig).map(Setting::value);
    }

    private static Optional<String> optional(Setting<String> setting) {
        return Optional.ofNullable(setting).map(Setting::value).filter(v -> !v.isEmpty());
    }

    private DetectLocal detectLocal() throws InvalidConfigException {
        Setting<DetectLocalMode> resolved =
                orDefault(detectLocalMode, DetectLocalMode.CLUSTER_CIDR, "detectLocalMode");
        try {
            return new DetectLocal(resolved.value(), optional(bridgeInterface), optional(interfaceNamePrefix));
        } catch (IllegalArgumentException e) {
            throw resolved.invalid(e.getMessage());
        }
    }

    private RuleSettings rules() throws InvalidConfigException {
        Setting<Integer> bit = orDefault(masqueradeBit, 14, "masqueradeBit");
        if (bit.value() < 0 || bit.value() > 31) {
            throw bit.invalid("(expected: 0-31)");
        }
        Setting<Duration> sync = orDefault(syncPeriod, Duration.ofSeconds(30), "syncPeriod");
        Setting<Duration> minSync = orDefault(minSyncPeriod, Duration.ofSeconds(1), "minSyncPeriod");
        if (nonNegative(minSync).compareTo(positive(sync)) > 0) {
            throw minSync.invalid("(expected: at most the sync period " + GoDuration.format(sync.value())
                    + " set by " + sync.origin() + ")");
        }
        return new RuleSettings(valueOr(masqueradeAll, false), bit.value(), valueOr(localhostNodePorts, true),
                sync.value(), minSync.value());
    }
}
