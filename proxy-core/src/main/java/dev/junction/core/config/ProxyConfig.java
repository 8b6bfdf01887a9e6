package dev.junction.core.config;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code junction run} needs to know, resolved from defaults, a KubeProxyConfiguration file and flags by
 * {@link ProxyConfigBuilder}. Defaults are kube-proxy's ({@code pkg/proxy/apis/config/v1alpha1/defaults.go} and
 * {@code platformApplyDefaults}). Immutable; safe to share between threads.
 *
 * @param mode               the data plane to program
 * @param nodeName           this node's name: {@code --hostname-override}, else the file's, else the lower-cased
 *                           machine hostname
 * @param source             a YAML file or directory of objects to serve instead of a cluster; when present,
 *                           {@code kubeconfig} is empty
 * @param kubeconfig         the kubeconfig to reach the API server; both empty means the in-cluster config
 * @param clusterCidrs       the pods' CIDRs, at most one per IP family; empty means no local-traffic detector
 * @param nodePortAddresses  where NodePorts are served
 * @param bindAddress        kube-proxy's override of the node's primary IP; {@code 0.0.0.0} or {@code ::} when not set
 * @param detectLocal        how local pod traffic is recognised
 * @param rules              masquerading and sync timing of the selected mode
 * @param healthzBindAddress where {@code /healthz} and {@code /livez} are served
 * @param metricsBindAddress where {@code /metrics} is served
 * @param configSyncPeriod   how often informers resync from their caches
 * @param conntrack          conntrack sysctls to set
 * @param userspace          how the userspace mode serves Service ports
 */
public record ProxyConfig(
        ProxyMode mode,
        String nodeName,
        Optional<Path> source,
        Optional<Path> kubeconfig,
        List<Cidr> clusterCidrs,
        NodePortAddresses nodePortAddresses,
        IpAddress bindAddress,
        DetectLocal detectLocal,
        RuleSettings rules,
        HostPort healthzBindAddress,
        HostPort metricsBindAddress,
        Duration configSyncPeriod,
        ConntrackSettings conntrack,
        UserspaceSettings userspace) {

    public ProxyConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        clusterCidrs = List.copyOf(clusterCidrs);
        Objects.requireNonNull(nodePortAddresses, "nodePortAddresses");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(detectLocal, "detectLocal");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(healthzBindAddress, "healthzBindAddress");
        Objects.requireNonNull(metricsBindAddress, "metricsBindAddress");
        Objects.requireNonNull(configSyncPeriod, "configSyncPeriod");
        Objects.requireNonNull(conntrack, "conntrack");
        Objects.requireNonNull(userspace, "userspace");
        if (source.isPresent() && kubeconfig.isPresent()) {
            throw new IllegalArgumentException("source " + source.get() + " and kubeconfig " + kubeconfig.get()
                    + " (expected: at most one of them)");
        }
    }

    /** The node IP override from {@code bindAddress}; empty when it is the unspecified address (the default). */
    public Optional<IpAddress> nodeIpOverride() {
        return bindAddress.inet().isAnyLocalAddress() ? Optional.empty() : Optional.of(bindAddress);
    }
}
