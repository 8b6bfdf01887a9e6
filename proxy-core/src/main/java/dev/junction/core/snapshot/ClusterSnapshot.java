package dev.junction.core.snapshot;

import dev.junction.core.model.NodeInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpFamily;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What serves what on this node: an immutable value built from the store, never mutated, diffed by backends.
 *
 * @param nodeName      the node this view is for
 * @param node          the Node object, once it has been seen
 * @param servicePorts  every proxied (Service, port, family), sorted
 * @param generation    increases with every snapshot the store yields; equal generations mean equal content
 */
public record ClusterSnapshot(String nodeName, Optional<NodeInfo> node, List<ServicePort> servicePorts,
        long generation) {

    public ClusterSnapshot {
        servicePorts = servicePorts.stream().sorted().toList();
    }

    public static ClusterSnapshot empty(String nodeName) {
        return new ClusterSnapshot(nodeName, Optional.empty(), List.of(), 0);
    }

    /** The ports of one family, sorted. */
    public List<ServicePort> servicePorts(IpFamily family) {
        return servicePorts.stream().filter(p -> p.family() == family).toList();
    }

    /** The ports of each Service, for backends that sync one Service at a time. */
    public Map<ObjectRef, List<ServicePort>> byService() {
        return servicePorts.stream().collect(Collectors.groupingBy(p -> p.name().service(),
                java.util.TreeMap::new, Collectors.toList()));
    }
}
