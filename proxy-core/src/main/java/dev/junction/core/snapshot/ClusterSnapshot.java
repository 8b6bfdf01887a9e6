package dev.junction.core.snapshot;

import dev.junction.core.model.NodeInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What serves what on this node: an immutable value built from the store, never mutated, diffed by backends.
 *
 * @param nodeName      the node this view is for
 * @param node          the Node object, once it has been seen
 * @param servicePorts  every proxied (Service, port, family), sorted
 * @param serviceCidrs  the prefixes ClusterIPs are allocated from (every ServiceCIDR's {@code spec.cidrs}), sorted
 *                      and distinct; empty where the API server has no ServiceCIDR API (before Kubernetes 1.33)
 * @param generation    increases with every snapshot the store yields; equal generations mean equal content
 */
public record ClusterSnapshot(String nodeName, Optional<NodeInfo> node, List<ServicePort> servicePorts,
        List<Cidr> serviceCidrs, long generation) {

    public ClusterSnapshot {
        servicePorts = servicePorts.stream().sorted().toList();
        serviceCidrs = serviceCidrs.stream().sorted().distinct().toList();
    }

    /** A snapshot without ServiceCIDRs. */
    public ClusterSnapshot(String nodeName, Optional<NodeInfo> node, List<ServicePort> servicePorts, long generation) {
        this(nodeName, node, servicePorts, List.of(), generation);
    }

    public static ClusterSnapshot empty(String nodeName) {
        return new ClusterSnapshot(nodeName, Optional.empty(), List.of(), 0);
    }

    /** The ServiceCIDRs of one family, sorted. */
    public List<Cidr> serviceCidrs(IpFamily family) {
        return serviceCidrs.stream().filter(c -> c.family() == family).toList();
    }

    /** The ports of one family, sorted. */
    public List<ServicePort> servicePorts(IpFamily family) {
        return servicePorts.stream().filter(p -> p.family() == family).toList();
    }

    /**
     * The ports of each Service, in Service order, for backends that sync one Service at a time. One linear pass:
     * sorting puts a Service's ports next to each other, so no sorted map is needed (this runs on every sync).
     */
    public Map<ObjectRef, List<ServicePort>> byService() {
        Map<ObjectRef, List<ServicePort>> byService = new LinkedHashMap<>();
        ObjectRef current = null;
        List<ServicePort> ports = null;
        for (ServicePort port : servicePorts) {
            if (!port.name().service().equals(current)) {
                current = port.name().service();
                ports = new ArrayList<>(2);
                byService.put(current, ports);
            }
            ports.add(port);
        }
        return byService;
    }
}
