package dev.junction.core.model;

import dev.junction.core.net.Cidr;
import java.util.List;

/**
 * One ServiceCIDR (networking.k8s.io/v1, cluster-scoped): prefixes the API server allocates ClusterIPs from.
 *
 * @param cidrs {@code spec.cidrs} that parse, in API order (at most one per family, as the API validates)
 */
public record ServiceCidrInfo(String name, List<Cidr> cidrs) {

    public ServiceCidrInfo {
        cidrs = List.copyOf(cidrs);
    }
}
