package dev.junction.daemonset;

import static dev.junction.daemonset.RunFlags.set;
import static dev.junction.daemonset.RunFlags.setList;

import dev.junction.core.config.ClusterCidrs;
import dev.junction.core.config.InvalidConfigException;
import dev.junction.core.config.KubeProxyConfigurationLoader;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.config.ProxyConfigBuilder;
import dev.junction.core.config.ProxyMode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The configuration flags that {@code junction run}, {@code rules} and {@code explain} share (a picocli mixin), and
 * the order they apply in: kube-proxy's defaults, then the {@code --config} file, then flags.
 */
final class ConfigFlags {

    @Option(names = "--config", paramLabel = "FILE",
            description = "A kube-proxy KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1) file."
                    + " Flags given on the command line override its values.")
    private Path config;

    @Option(names = "--proxy-mode", paramLabel = "MODE",
            description = "iptables, nftables, ipvs or userspace. Default: iptables.")
    private String proxyMode;

    @Option(names = "--hostname-override", paramLabel = "NAME",
            description = "This node's name. Default: the machine's hostname, lower-cased.")
    private String hostnameOverride;

    @Option(names = "--cluster-cidr", paramLabel = "CIDR[,CIDR]",
            description = "The pods' CIDR, or an IPv4,IPv6 pair; traffic from it is local. Default: none.")
    private String clusterCidr;

    @Option(names = "--nodeport-addresses", paramLabel = "CIDR|primary|localhost|all", split = ",",
            description = "Where NodePorts are served (repeatable, comma-separated)."
                    + " Default: all local addresses; nftables: primary.")
    private List<String> nodePortAddresses;

    @Option(names = "--masquerade-all", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "SNAT all traffic sent to ClusterIPs. Default: false.")
    private String masqueradeAll;

    /** A builder holding the defaults, then the {@code --config} file, then these flags; callers add their own. */
    ProxyConfigBuilder resolve() throws InvalidConfigException {
        ProxyConfigBuilder builder = new ProxyConfigBuilder();
        // The mode flag goes first so that a file without a mode reads that mode's section (see the loader).
        set("--proxy-mode", proxyMode, ProxyMode::parse, builder::mode);
        if (config != null) {
            new KubeProxyConfigurationLoader().load(config, builder);
        }
        set("--proxy-mode", proxyMode, ProxyMode::parse, builder::mode);
        set("--hostname-override", hostnameOverride, builder::hostnameOverride);
        set("--cluster-cidr", clusterCidr, ClusterCidrs::parse, builder::clusterCidrs);
        setList("--nodeport-addresses", nodePortAddresses, NodePortAddresses::parse, builder::nodePortAddresses);
        set("--masquerade-all", masqueradeAll, RunFlags::parseBool, builder::masqueradeAll);
        return builder;
    }
}
