package dev.junction.userspace;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.config.DetectLocalMode;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.apply.LocalAddresses;
import dev.junction.userspace.serve.ClusterTraffic;
import dev.junction.userspace.serve.ServingAddresses;
import java.net.SocketException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads this node's addresses on every sync (interfaces come and go) and combines them with the configuration:
 * {@code nodePortAddresses} as kube-proxy's iptables mode reads it, and the local-traffic detector's CIDRs.
 */
final class HostServingAddresses {

    private static final List<Cidr> EVERYWHERE = List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0"));
    private static final List<IpAddress> WILDCARDS = List.of(IpAddress.parse("0.0.0.0"), IpAddress.parse("::"));

    private final ProxyConfig config;

    HostServingAddresses(ProxyConfig config) {
        this.config = config;
    }

    ServingAddresses of(ClusterSnapshot snapshot) throws SyncFailedException {
        try {
            Set<IpAddress> nodeAddresses = new HashSet<>(LocalAddresses.within(EVERYWHERE));
            return new ServingAddresses(nodePortIps(snapshot), new ClusterTraffic(podCidrs(snapshot), nodeAddresses));
        } catch (SocketException e) {
            throw new SyncFailedException("cannot list this node's interface addresses", e);
        }
    }

    private List<IpAddress> nodePortIps(ClusterSnapshot snapshot) throws SocketException {
        NodePortAddresses nodePorts = config.nodePortAddresses();
        if (nodePorts.isAll()) {
            return WILDCARDS;
        }
        Set<IpAddress> ips = new HashSet<>(LocalAddresses.within(nodePorts.cidrs()));
        if (nodePorts.primary()) {
            List<IpAddress> nodeIps = config.nodeIpOverride().map(List::of)
                    .orElseGet(() -> snapshot.node().map(NodeInfo::addresses).orElse(List.of()));
            nodeIps.stream().map(IpAddress::family).distinct().forEach(family ->
                    nodeIps.stream().filter(ip -> ip.family() == family).findFirst().ifPresent(ips::add));
        }
        return ips.stream().sorted().toList();
    }

    private List<Cidr> podCidrs(ClusterSnapshot snapshot) {
        if (config.detectLocal().mode() == DetectLocalMode.NODE_CIDR) {
            return snapshot.node().map(NodeInfo::podCidrs).orElse(List.of());
        }
        return config.clusterCidrs();
    }
}
