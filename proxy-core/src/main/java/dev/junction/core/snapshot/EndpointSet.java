package dev.junction.core.snapshot;

import java.util.List;

/**
 * The endpoints of one Service port, categorized once for every backend, exactly as kube-proxy's
 * {@code CategorizeEndpoints} does. Each list is sorted by address, then port.
 *
 * @param all              every endpoint of the port, whatever its conditions
 * @param cluster          for Cluster traffic policy: ready and topology-eligible, else serving and terminating;
 *                         empty when the port never uses Cluster policy
 * @param local            for Local traffic policy: local and ready, else local, serving and terminating; empty when
 *                         the port never uses Local policy
 * @param reachable        the union of {@code cluster} and {@code local}: the endpoints a backend programs
 * @param hasAnyEndpoints  whether any usable endpoint exists anywhere in the cluster (REJECT when false, DROP when
 *                         true but none local)
 */
public record EndpointSet(
        List<Endpoint> all,
        List<Endpoint> cluster,
        List<Endpoint> local,
        List<Endpoint> reachable,
        boolean hasAnyEndpoints) {

    public static final EndpointSet EMPTY = new EndpointSet(List.of(), List.of(), List.of(), List.of(), false);

    public EndpointSet {
        all = List.copyOf(all);
        cluster = List.copyOf(cluster);
        local = List.copyOf(local);
        reachable = List.copyOf(reachable);
    }
}
