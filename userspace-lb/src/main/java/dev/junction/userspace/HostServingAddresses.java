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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
            return of(config, snapshot, LocalAddresses.within(EVERYWHERE));
        } catch (SocketException e) {
            throw new SyncFailedException("cannot list this node's interface addresses", e);
        }
    }

    /** What a node with these interface addresses serves on: the pure part, for the agent and for previews. */
    static ServingAddresses of(ProxyConfig config, ClusterSnapshot snapshot, Collection<IpAddress> interfaces) {
        return new ServingAddresses(nodePortIps(config, snapshot, interfaces),
                new ClusterTraffic(podCidrs(config, snapshot), Set.copyOf(interfaces)));
    }

    private static List<IpAddress> nodePortIps(ProxyConfig config, ClusterSnapshot snapshot,
            Collection<IpAddress> interfaces) {
        NodePortAddresses nodePorts = config.nodePortAddresses();
        if (nodePorts.isAll()) {
            return WILDCARDS;
        }
        Set<IpAddress> ips = interfaces.stream()
                .filter(ip -> nodePorts.cidrs().stream().anyMatch(cidr -> cidr.contains(ip)))
                .collect(Collectors.toCollection(HashSet::new));
        if (nodePorts.primary()) {
            List<IpAddress> nodeIps = config.nodeIpOverride().map(List::of)
                    .orElseGet(() -> snapshot.node().map(NodeInfo::addresses).orElse(List.of()));
            nodeIps.stream().map(IpAddress::family).distinct().forEach(family ->
                    nodeIps.stream().filter(ip -> ip.family() == family).findFirst().ifPresent(ips::add));
        }
        return ips.stream().sorted().toList();
    }

    private static List<Cidr> podCidrs(ProxyConfig config, ClusterSnapshot snapshot) {
        if (config.detectLocal().mode() == DetectLocalMode.NODE_CIDR) {
            return snapshot.node().map(NodeInfo::podCidrs).orElse(List.of());
        }
        return config.clusterCidrs();
    }
}
