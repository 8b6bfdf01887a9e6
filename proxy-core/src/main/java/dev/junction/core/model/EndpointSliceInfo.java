package dev.junction.core.model;

import dev.junction.core.net.IpFamily;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An EndpointSlice of address type IPv4 or IPv6 (FQDN slices are not proxied), validated and immutable.
 *
 * @param ref                   the slice's own namespace and name
 * @param serviceName           its {@code kubernetes.io/service-name} label
 * @param lastChangeTriggerTime {@code endpoints.kubernetes.io/last-change-trigger-time}, when the controller set it
 */
public record EndpointSliceInfo(
        ObjectRef ref,
        String serviceName,
        IpFamily addressType,
        List<EndpointPortInfo> ports,
        List<EndpointInfo> endpoints,
        Optional<Instant> lastChangeTriggerTime) {

    public EndpointSliceInfo {
        ports = List.copyOf(ports);
        endpoints = List.copyOf(endpoints);
    }

    /** The Service this slice belongs to. */
    public ObjectRef serviceRef() {
        return new ObjectRef(ref.namespace(), serviceName);
    }
}
