package dev.junction.userspace.serve;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.util.List;
import java.util.Set;

/**
 * Which clients count as the cluster's own for external frontends: pods (kube-proxy's local-traffic detector, the
 * cluster or node CIDRs) and this node. Their traffic to an external frontend goes to the Cluster endpoints whatever
 * the external policy, as kube-proxy's KUBE-EXT chain sends it.
 *
 * @param podCidrs      the local-traffic detector's CIDRs; empty when there is none
 * @param nodeAddresses this node's interface addresses
 */
public record ClusterTraffic(List<Cidr> podCidrs, Set<IpAddress> nodeAddresses) {

    public static final ClusterTraffic NONE = new ClusterTraffic(List.of(), Set.of());

    public ClusterTraffic {
        podCidrs = List.copyOf(podCidrs);
        nodeAddresses = Set.copyOf(nodeAddresses);
    }

    public boolean isFromCluster(IpAddress client) {
        return nodeAddresses.contains(client) || podCidrs.stream().anyMatch(cidr -> cidr.contains(client));
    }
}
