package dev.junction.iptables.apply;

import dev.junction.core.conntrack.ConntrackCleanup;
import dev.junction.core.health.ServiceHealthServer;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.conntrack.NetlinkConntrack;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.net.IpAddress;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What runs after every successful sync, as in kube-proxy's {@code syncProxyRules} epilogue: UDP conntrack cleanup
 * and the healthCheckNodePort servers. Either may be absent (unit tests, or a host without conntrack).
 */
public record AfterSync(Optional<ConntrackCleanup> conntrackCleanup, Optional<ServiceHealthServer> serviceHealth) {

    public static final AfterSync NOTHING = new AfterSync(Optional.empty(), Optional.empty());

    private static final Duration NETLINK_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Both, for the host: conntrack over netlink, and health checks served where NodePorts are (every address, or
     * the configured ones), as kube-proxy does.
     */
    public static AfterSync onHost(ProxyConfig config, MeterRegistry registry, ProxyHealth health)
            throws SocketException {
        ConntrackCleanup cleanup = new ConntrackCleanup(new NetlinkConntrack(NETLINK_TIMEOUT), registry);
        NodePortAddresses nodePorts = config.nodePortAddresses();
        List<IpAddress> healthAddresses = nodePorts.isAll() || nodePorts.cidrs().isEmpty() ? List.of()
                : LocalAddresses.within(nodePorts.cidrs());
        ServiceHealthServer serviceHealth = new ServiceHealthServer(healthAddresses, health::isHealthy, registry);
        return new AfterSync(Optional.of(cleanup), Optional.of(serviceHealth));
    }
}
