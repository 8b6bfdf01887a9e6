package dev.junction.nftables.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one Service (all its ports of one family) owns in the table: its chains, its set and map elements and
 * its affinity sets. A partial sync compares these per Service with what the kernel holds.
 */
public record ServiceObjects(List<NftChain> chains, List<NftElement> elements, List<AffinitySet> affinitySets) {

    public static final ServiceObjects NONE = new ServiceObjects(List.of(), List.of(), List.of());

    public ServiceObjects {
        chains = List.copyOf(chains);
        elements = List.copyOf(elements);
        affinitySets = List.copyOf(affinitySets);
    }

    /** The objects of two ports of the same Service together; ports share the ClusterIP's set element. */
    ServiceObjects plus(ServiceObjects other) {
        Map<NftElement.Identity, NftElement> merged = new LinkedHashMap<>();
        concat(elements, other.elements).forEach(e -> merged.putIfAbsent(e.identity(), e));
        return new ServiceObjects(concat(chains, other.chains), List.copyOf(merged.values()),
                concat(affinitySets, other.affinitySets));
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first.size() + second.size());
        all.addAll(first);
        all.addAll(second);
        return all;
    }
}
