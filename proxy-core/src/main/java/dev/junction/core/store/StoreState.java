package dev.junction.core.store;

import dev.junction.core.model.EndpointSliceInfo;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo;
import dev.junction.core.net.Cidr;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster-wide view held by the {@link ObjectStore}: what the DNS responder answers from, and what snapshots are
 * built from. Immutable; a new value replaces the old one after every change, so readers on any thread may keep it as
 * long as they like.
 *
 * @param services        every valid Service, proxied or not (headless, ExternalName and ClusterIP-less ones too)
 * @param slicesByService every labelled IPv4/IPv6 EndpointSlice, grouped by the Service its
 *                        {@code kubernetes.io/service-name} label names (whether or not that Service exists), each
 *                        list sorted by slice name
 * @param node            this node's Node, once seen
 * @param namespaces      the names of the Namespaces a CLUSTER-scope source delivered (empty for kube-proxy's scope)
 * @param serviceCidrs    the prefixes of every valid ServiceCIDR ({@code spec.cidrs}), sorted and distinct
 * @param version         increases with every change the store accepts; equal versions mean equal content
 */
public record StoreState(
        Map<ObjectRef, ServiceInfo> services,
        Map<ObjectRef, List<EndpointSliceInfo>> slicesByService,
        Optional<NodeInfo> node,
        Set<String> namespaces,
        List<Cidr> serviceCidrs,
        long version) {

    public static final StoreState EMPTY = new StoreState(Map.of(), Map.of(), Optional.empty(), Set.of(), List.of(),
            0);

    public StoreState {
        services = Map.copyOf(services);
        slicesByService = Map.copyOf(slicesByService);
        namespaces = Set.copyOf(namespaces);
        serviceCidrs = serviceCidrs.stream().sorted().distinct().toList();
    }

    /** The slices of one Service, sorted by slice name; empty when it has none. */
    public List<EndpointSliceInfo> slicesOf(ObjectRef service) {
        return slicesByService.getOrDefault(service, List.of());
    }
}
