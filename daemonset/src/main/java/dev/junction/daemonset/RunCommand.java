package dev.junction.daemonset;

import static dev.junction.daemonset.RunFlags.set;

import dev.junction.core.config.DetectLocalMode;
import dev.junction.core.config.GoDuration;
import dev.junction.core.config.HostPort;
import dev.junction.core.config.InvalidConfigException;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.config.ProxyConfigBuilder;
import dev.junction.core.net.IpAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code junction run}: resolves the configuration (defaults, then {@code --config}, then flags) and hands it to the
 * {@link AgentLauncher}. Flag names are kube-proxy's; unlike kube-proxy, a flag overrides the config file.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the proxy agent on this node.",
            "Objects come from --source, else the API server via --kubeconfig, else the in-cluster config."},
        footer = {
            "",
            "Flags override the --config file, which overrides kube-proxy's defaults."
                    + " (In kube-proxy, the file overrides flags.)"})
final class RunCommand implements Callable<Integer> {

    private final AgentLauncher launcher;
    private final Supplier<String> machineHostname;
    private final Supplier<List<InetSocketAddress>> defaultUpstreams;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigFlags configFlags;

    @Mixin
    private UserspaceFlags userspaceFlags;

    @Mixin
    private DnsAlongsideFlags dnsFlags;

    @Option(names = "--source", paramLabel = "PATH",
            description = "Serve the Services and EndpointSlices in this YAML file or directory (re-read on change)"
                    + " instead of watching a cluster. Excludes --kubeconfig.")
    private Path source;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig for the API server. Default: the in-cluster config.")
    private Path kubeconfig;

    @Option(names = "--detect-local-mode", paramLabel = "MODE",
            description = "ClusterCIDR, NodeCIDR, BridgeInterface or InterfaceNamePrefix. Default: ClusterCIDR.")
    private String detectLocalMode;

    @Option(names = "--pod-bridge-interface", paramLabel = "NAME",
            description = "The pods' bridge, for --detect-local-mode BridgeInterface.")
    private String podBridgeInterface;

    @Option(names = "--pod-interface-name-prefix", paramLabel = "PREFIX",
            description = "The pods' interface name prefix, for --detect-local-mode InterfaceNamePrefix.")
    private String podInterfaceNamePrefix;

    @Option(names = "--iptables-masquerade-bit", paramLabel = "0-31",
            description = "The fwmark bit that marks packets for SNAT. Default: 14.")
    private String masqueradeBit;

    @Option(names = "--iptables-sync-period", paramLabel = "DURATION",
            description = "The longest time between full syncs, e.g. 30s, 1m. Default: 30s.")
    private String syncPeriod;

    @Option(names = "--iptables-min-sync-period", paramLabel = "DURATION",
            description = "The shortest time between syncs; 0 syncs on every change. Default: 1s.")
    private String minSyncPeriod;

    @Option(names = "--iptables-localhost-nodeports", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "Serve NodePorts on 127.0.0.1 (iptables mode, IPv4). Default: true.")
    private String localhostNodePorts;

    @Option(names = "--bind-address", paramLabel = "IP",
            description = "Override the node's primary IP. Default: 0.0.0.0 (take it from the Node object).")
    private String bindAddress;

    @Option(names = "--cleanup",
            description = "Remove the rules every proxy mode (iptables, nftables, userspace) left on this node, then"
                    + " exit: 0 when all of them went, 1 otherwise. Takes no other flag into account.")
    private boolean cleanup;

    @Option(names = "--healthz-bind-address", paramLabel = "IP:PORT",
            description = "Where /healthz and /livez are served. Default: 0.0.0.0:10256.")
    private String healthzBindAddress;

    @Option(names = "--metrics-bind-address", paramLabel = "IP:PORT",
            description = "Where /metrics is served. Default: 127.0.0.1:10249.")
    private String metricsBindAddress;

    @Option(names = "--config-sync-period", paramLabel = "DURATION",
            description = "How often informers resync. Default: 15m0s.")
    private String configSyncPeriod;

    @Option(names = "--conntrack-max-per-core", paramLabel = "N",
            description = "nf_conntrack_max per CPU; 0 leaves the limit alone. Default: 32768.")
    private String conntrackMaxPerCore;

    @Option(names = "--conntrack-min", paramLabel = "N",
            description = "The least nf_conntrack_max, whatever the CPU count. Default: 131072.")
    private String conntrackMin;

    @Option(names = "--conntrack-tcp-timeout-established", paramLabel = "DURATION",
            description = "Idle timeout of established TCP connections; 0 leaves it alone. Default: 24h0m0s.")
    private String conntrackTcpEstablished;

    @Option(names = "--conntrack-tcp-timeout-close-wait", paramLabel = "DURATION",
            description = "Timeout of TCP connections in CLOSE_WAIT; 0 leaves it alone. Default: 1h0m0s.")
    private String conntrackTcpCloseWait;

    @Option(names = "--conntrack-tcp-be-liberal", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "Do not mark out-of-window TCP packets INVALID. Default: false.")
    private String conntrackTcpBeLiberal;

    @Option(names = "--conntrack-udp-timeout", paramLabel = "DURATION",
            description = "Timeout of unreplied UDP flows; 0 leaves it alone. Default: 0s.")
    private String conntrackUdpTimeout;

    @Option(names = "--conntrack-udp-timeout-stream", paramLabel = "DURATION",
            description = "Timeout of UDP streams; 0 leaves it alone. Default: 0s.")
    private String conntrackUdpTimeoutStream;

    /** @param defaultUpstreams the resolvers DNS forwards to without {@code --dns-upstream} */
    RunCommand(AgentLauncher launcher, Supplier<String> machineHostname,
            Supplier<List<InetSocketAddress>> defaultUpstreams) {
        this.launcher = launcher;
        this.machineHostname = machineHostname;
        this.defaultUpstreams = defaultUpstreams;
    }

    @Override
    public Integer call() throws Exception {
        if (cleanup) {
            return LeftoverCleanup.removeAll() ? 0 : 1;
        }
        ProxyConfig resolved;
        try {
            resolved = resolve();
        } catch (InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return launcher.run(resolved, dnsFlags.resolve(spec.commandLine(), defaultUpstreams));
    }

    private ProxyConfig resolve() throws InvalidConfigException {
        ProxyConfigBuilder builder = configFlags.resolve();
        applyFlags(builder);
        return builder.build(machineHostname);
    }

    private void applyFlags(ProxyConfigBuilder builder) throws InvalidConfigException {
        set("--source", source, builder::source);
        set("--kubeconfig", kubeconfig, builder::kubeconfig);
        set("--detect-local-mode", detectLocalMode, DetectLocalMode::parse, builder::detectLocalMode);
        set("--pod-bridge-interface", podBridgeInterface, builder::bridgeInterface);
        set("--pod-interface-name-prefix", podInterfaceNamePrefix, builder::interfaceNamePrefix);
        set("--iptables-masquerade-bit", masqueradeBit, RunFlags::parseInt, builder::masqueradeBit);
        set("--iptables-sync-period", syncPeriod, GoDuration::parse, builder::syncPeriod);
        set("--iptables-min-sync-period", minSyncPeriod, GoDuration::parse, builder::minSyncPeriod);
        set("--iptables-localhost-nodeports", localhostNodePorts, RunFlags::parseBool,
                builder::localhostNodePorts);
        set("--bind-address", bindAddress, IpAddress::parse, builder::bindAddress);
        set("--healthz-bind-address", healthzBindAddress, text -> HostPort.parse(text, 10256),
                builder::healthzBindAddress);
        set("--metrics-bind-address", metricsBindAddress, text -> HostPort.parse(text, 10249),
                builder::metricsBindAddress);
        set("--config-sync-period", configSyncPeriod, GoDuration::parse, builder::configSyncPeriod);
        applyConntrackFlags(builder);
        userspaceFlags.applyTo(builder.userspace());
    }

    private void applyConntrackFlags(ProxyConfigBuilder builder) throws InvalidConfigException {
        var conntrack = builder.conntrack();
        set("--conntrack-max-per-core", conntrackMaxPerCore, RunFlags::parseInt, conntrack::maxPerCore);
        set("--conntrack-min", conntrackMin, RunFlags::parseInt, conntrack::min);
        set("--conntrack-tcp-timeout-established", conntrackTcpEstablished, GoDuration::parse,
                conntrack::tcpEstablishedTimeout);
        set("--conntrack-tcp-timeout-close-wait", conntrackTcpCloseWait, GoDuration::parse,
                conntrack::tcpCloseWaitTimeout);
        set("--conntrack-tcp-be-liberal", conntrackTcpBeLiberal, RunFlags::parseBool, conntrack::tcpBeLiberal);
        set("--conntrack-udp-timeout", conntrackUdpTimeout, GoDuration::parse, conntrack::udpTimeout);
        set("--conntrack-udp-timeout-stream", conntrackUdpTimeoutStream, GoDuration::parse,
                conntrack::udpStreamTimeout);
    }
}
