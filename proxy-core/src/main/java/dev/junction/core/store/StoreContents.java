package dev.junction.core.store;

import dev.junction.core.model.EndpointSliceInfo;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceCidrInfo;
import dev.junction.core.model.ServiceInfo;
import dev.junction.core.net.Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The store's keyed objects, with slices indexed by Service. Every {@code put} reports whether anything changed, so
 * no-op updates are dropped. Not thread-safe: {@link ObjectStore} guards it.
 */
final class StoreContents {

    private static final Comparator<EndpointSliceInfo> BY_NAME = Comparator.comparing(s -> s.ref().name());

    private final Map<ObjectRef, ServiceInfo> services = new HashMap<>();
    private final Map<ObjectRef, EndpointSliceInfo> slices = new HashMap<>();
    private final Map<ObjectRef, List<EndpointSliceInfo>> slicesByService = new HashMap<>();
    private final Set<String> namespaces = new HashSet<>();
    private final Map<String, ServiceCidrInfo> serviceCidrs = new HashMap<>();
    private NodeInfo node;

    /** Stores {@code info} under {@code ref}, or removes the entry when {@code info} is null; true if that changed it. */
    boolean putService(ObjectRef ref, ServiceInfo info) {
        ServiceInfo previous = info == null ? services.remove(ref) : services.put(ref, info);
        return !Objects.equals(previous, info);
    }

    /**
     * Stores or removes a slice as {@link #putService}; returns the Services whose endpoints changed (two when the
     * slice moved from one Service to another), empty for a no-op.
     */
    Set<ObjectRef> putSlice(ObjectRef ref, EndpointSliceInfo info) {
        EndpointSliceInfo previous = info == null ? slices.remove(ref) : slices.put(ref, info);
        if (Objects.equals(previous, info)) {
            return Set.of();
        }
        if (previous != null) {
            reindex(previous.serviceRef(), ref, null);
        }
        if (info != null) {
            reindex(info.serviceRef(), ref, info);
        }
        if (previous != null && info != null && !previous.serviceRef().equals(info.serviceRef())) {
            return Set.of(previous.serviceRef(), info.serviceRef());
        }
        return Set.of((info != null ? info : previous).serviceRef());
    }

    boolean putNode(NodeInfo info) {
        boolean changed = !Objects.equals(node, info);
        node = info;
        return changed;
    }

    /** Adds or removes a Namespace by name; true if that changed the set. */
    boolean putNamespace(String name, boolean present) {
        return present ? namespaces.add(name) : namespaces.remove(name);
    }

    Set<ObjectRef> namespaceRefs() {
        return clusterScopedRefs(namespaces);
    }

    /** Stores or removes a ServiceCIDR by name, as {@link #putService}. */
    boolean putServiceCidr(String name, ServiceCidrInfo info) {
        ServiceCidrInfo previous = info == null ? serviceCidrs.remove(name) : serviceCidrs.put(name, info);
        return !Objects.equals(previous, info);
    }

    Set<ObjectRef> serviceCidrRefs() {
        return clusterScopedRefs(serviceCidrs.keySet());
    }

    Optional<NodeInfo> node() {
        return Optional.ofNullable(node);
    }

    Set<ObjectRef> serviceRefs() {
        return Set.copyOf(services.keySet());
    }

    Set<ObjectRef> sliceRefs() {
        return Set.copyOf(slices.keySet());
    }

    StoreState toState(long version) {
        List<Cidr> allServiceCidrs = serviceCidrs.values().stream().flatMap(info -> info.cidrs().stream()).toList();
        return new StoreState(services, slicesByService, node(), namespaces, allServiceCidrs, version);
    }

    private static Set<ObjectRef> clusterScopedRefs(Collection<String> names) {
        Set<ObjectRef> refs = new HashSet<>();
        names.forEach(name -> refs.add(new ObjectRef("", name)));
        return refs;
    }

    /** Replaces the slice {@code ref} in its Service's sorted list (removes it when {@code info} is null). */
    private void reindex(ObjectRef service, ObjectRef ref, EndpointSliceInfo info) {
        List<EndpointSliceInfo> current = slicesByService.getOrDefault(service, List.of());
        List<EndpointSliceInfo> updated = new ArrayList<>(current.size() + 1);
        for (EndpointSliceInfo slice : current) {
            if (!slice.ref().equals(ref)) {
                updated.add(slice);
            }
        }
        if (info != null) {
            updated.add(info);
            updated.sort(BY_NAME);
        }
        if (updated.isEmpty()) {
            slicesByService.remove(service);
        } else {
            slicesByService.put(service, List.copyOf(updated));
        }
    }
}
