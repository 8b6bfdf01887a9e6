package dev.junction.core.model;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.util.List;
import java.util.Map;

/**
 * The Node Junction runs on, as far as proxying cares.
 *
 * @param addresses    {@code status.addresses} of type InternalIP then ExternalIP, in API order
 * @param podCidrs     {@code spec.podCIDRs}
 * @param eligible     false when the Node is being deleted or carries {@code ToBeDeletedByClusterAutoscaler}
 *                     (kube-proxy's /healthz then fails so load balancers drain the node)
 */
public record NodeInfo(
        String name, Map<String, String> labels, List<IpAddress> addresses, List<Cidr> podCidrs, boolean eligible) {

    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    public NodeInfo {
        labels = Map.copyOf(labels);
        addresses = List.copyOf(addresses);
        podCidrs = List.copyOf(podCidrs);
    }

    /** The node's {@code topology.kubernetes.io/zone}, "" when unlabelled. */
    public String zone() {
        return labels.getOrDefault(ZONE_LABEL, "");
    }
}
