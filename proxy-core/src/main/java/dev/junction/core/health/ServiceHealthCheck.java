package dev.junction.core.health;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One Service that load balancers probe on this node: its {@code healthCheckNodePort} and how many of its endpoints
 * run here, as kube-proxy derives them from {@code ServicePortMap.HealthCheckNodePorts()} and
 * {@code EndpointsMap.LocalReadyEndpoints()}.
 *
 * @param localEndpoints the distinct addresses of this Service's local, ready, not terminating endpoints across all
 *                       its ports; in a dual-stack Service, of the family with more of them
 */
record ServiceHealthCheck(ObjectRef service, int nodePort, int localEndpoints) {

    /** Every Service of {@code snapshot} with a {@code healthCheckNodePort}, by Service; empty when none has one. */
    static SortedMap<ObjectRef, ServiceHealthCheck> of(ClusterSnapshot snapshot) {
        SortedMap<ObjectRef, ServiceHealthCheck> checks = new TreeMap<>();
        snapshot.byService().forEach((service, ports) -> {
            int nodePort = healthCheckNodePort(ports);
            if (nodePort != 0) {
                checks.put(service, new ServiceHealthCheck(service, nodePort, countLocalReady(ports)));
            }
        });
        return Collections.unmodifiableSortedMap(checks);
    }

    /** The Service's port (a Service-level field, so every port carries the same one), 0 when it has none. */
    private static int healthCheckNodePort(List<ServicePort> ports) {
        return ports.stream().mapToInt(p -> p.policies().healthCheckNodePort()).filter(p -> p != 0).findFirst()
                .orElse(0);
    }

    /**
     * Counted by address, not address and port, so that an endpoint serving two ports counts once (upstream's
     * {@code getLocalReadyEndpointIPs}). kube-proxy counts in one proxier per family, and in dual-stack only one of
     * them can bind the port; the larger family count stands in for that without counting a dual-stack pod twice.
     * Terminating endpoints never count, so a node whose pods are all terminating fails the probe and drains, even
     * for a Service that publishes not-ready addresses (whose terminating endpoints stay ready).
     */
    private static int countLocalReady(List<ServicePort> ports) {
        Map<IpFamily, Set<IpAddress>> byFamily = new EnumMap<>(IpFamily.class);
        for (ServicePort port : ports) {
            for (Endpoint endpoint : port.endpoints().all()) {
                if (endpoint.local() && endpoint.ready() && !endpoint.terminating()) {
                    byFamily.computeIfAbsent(endpoint.ip().family(), f -> new HashSet<>()).add(endpoint.ip());
                }
            }
        }
        return byFamily.values().stream().mapToInt(Set::size).max().orElse(0);
    }
}
