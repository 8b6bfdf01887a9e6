package dev.junction.core.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Splits the endpoints of one Service port into the sets each traffic policy uses, exactly as kube-proxy's
 * {@code CategorizeEndpoints} ({@code pkg/proxy/topology.go}), with the {@code PreferSameTrafficDistribution} gate on
 * so that {@code hints.forNodes} count.
 *
 * <ul>
 *   <li>Cluster endpoints: ready and available for this node's topology; if there are none, serving and terminating
 *       ones (topology ignored). Empty when the port never uses Cluster policy.</li>
 *   <li>Local endpoints: local and ready; if there are none, local, serving and terminating. Empty when the port never
 *       uses Local policy.</li>
 *   <li>Topology: same-node hints when every ready endpoint has one and at least one names this node, else same-zone
 *       hints when every ready endpoint has one and at least one names this node's zone, else none. One unhinted
 *       ready endpoint disables hints.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class EndpointCategorizer {

    private enum TopologyMode { NONE, PREFER_SAME_NODE, PREFER_SAME_ZONE }

    private EndpointCategorizer() {
    }

    /**
     * Categorizes {@code endpoints} for {@code port}, whose policies and frontends decide which sets are needed (its
     * own {@link ServicePort#endpoints()} are ignored).
     *
     * @param nodeName this node's name
     * @param zone     this node's {@code topology.kubernetes.io/zone} label, "" when unlabelled
     */
    public static EndpointSet categorize(ServicePort port, List<Endpoint> endpoints, String nodeName, String zone) {
        if (endpoints.isEmpty()) {
            return EndpointSet.EMPTY;
        }
        List<Endpoint> all = endpoints.stream().sorted().toList();
        TopologyMode mode = TopologyMode.NONE;
        List<Endpoint> cluster = List.of();
        if (port.usesClusterEndpoints()) {
            mode = topologyMode(all, nodeName, zone);
            TopologyMode chosen = mode;
            cluster = filter(all, ep -> ep.ready() && isAvailable(ep, chosen, nodeName, zone));
            if (cluster.isEmpty()) {
                // No ready endpoint anywhere (topology was already ignored had there been one): use terminating ones.
                cluster = filter(all, ep -> ep.serving() && ep.terminating());
            }
        }
        if (!port.usesLocalEndpoints()) {
            return new EndpointSet(all, cluster, List.of(), cluster, !cluster.isEmpty());
        }
        boolean hasAny = !cluster.isEmpty() || all.stream().anyMatch(EndpointCategorizer::isUsable);
        boolean localReady = all.stream().anyMatch(ep -> ep.local() && ep.ready());
        List<Endpoint> local = localReady
                ? filter(all, ep -> ep.local() && ep.ready())
                : filter(all, ep -> ep.local() && ep.serving() && ep.terminating());
        if (!port.usesClusterEndpoints()) {
            return new EndpointSet(all, List.of(), local, local, hasAny);
        }
        boolean localTerminating = !localReady && !local.isEmpty();
        if (mode == TopologyMode.NONE && !localTerminating) {
            // Cluster holds every ready endpoint and local only ready ones, so cluster is a superset of local.
            return new EndpointSet(all, cluster, local, cluster, hasAny);
        }
        TreeSet<Endpoint> reachable = new TreeSet<>(cluster);
        reachable.addAll(local);
        return new EndpointSet(all, cluster, local, List.copyOf(reachable), hasAny);
    }

    /** Ready, or serving while terminating: usable by some policy somewhere in the cluster. */
    private static boolean isUsable(Endpoint endpoint) {
        return endpoint.ready() || (endpoint.serving() && endpoint.terminating());
    }

    /** kube-proxy's {@code topologyModeFromHints}: only ready endpoints' hints are considered. */
    private static TopologyMode topologyMode(List<Endpoint> endpoints, String nodeName, String zone) {
        boolean hasReady = false;
        boolean allHaveNodeHints = true;
        boolean hasForNode = false;
        boolean allHaveZoneHints = true;
        boolean hasForZone = false;
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.ready()) {
                continue;
            }
            hasReady = true;
            if (endpoint.nodeHints().isEmpty()) {
                allHaveNodeHints = false;
            } else if (endpoint.nodeHints().contains(nodeName)) {
                hasForNode = true;
            }
            if (endpoint.zoneHints().isEmpty()) {
                allHaveZoneHints = false;
            } else if (endpoint.zoneHints().contains(zone)) {
                hasForZone = true;
            }
        }
        if (hasReady && allHaveNodeHints && hasForNode) {
            return TopologyMode.PREFER_SAME_NODE;
        }
        if (hasReady && allHaveZoneHints && hasForZone) {
            return TopologyMode.PREFER_SAME_ZONE;
        }
        return TopologyMode.NONE;
    }

    private static boolean isAvailable(Endpoint endpoint, TopologyMode mode, String nodeName, String zone) {
        return switch (mode) {
            case NONE -> true;
            case PREFER_SAME_NODE -> endpoint.nodeHints().contains(nodeName);
            case PREFER_SAME_ZONE -> endpoint.zoneHints().contains(zone);
        };
    }

    private static List<Endpoint> filter(List<Endpoint> endpoints, Predicate<Endpoint> predicate) {
        List<Endpoint> kept = new ArrayList<>(endpoints.size());
        for (Endpoint endpoint : endpoints) {
            if (predicate.test(endpoint)) {
                kept.add(endpoint);
            }
        }
        return kept;
    }
}
