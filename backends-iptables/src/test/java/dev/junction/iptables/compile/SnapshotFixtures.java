package dev.junction.iptables.compile;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.model.SessionAffinity;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Builds snapshots for the compiler's tests without the store: {@code servicePort("ns1", "svc1", "p80")
 * .clusterIp("198.18.0.41").port(80).endpoint("198.18.128.1", 80).local().build()}. Endpoints are categorized as
 * kube-proxy's {@code CategorizeEndpoints} does, without topology hints.
 */
public final class SnapshotFixtures {

    public static final String NODE = "node-a";

    private SnapshotFixtures() {
    }

    public static PortBuilder servicePort(String namespace, String name, String port) {
        return new PortBuilder(new ObjectRef(namespace, name), port);
    }

    public static ClusterSnapshot snapshot(ServicePort... ports) {
        return new ClusterSnapshot(NODE, Optional.empty(), List.of(ports), 1);
    }

    public static ClusterSnapshot snapshot(List<ServicePort> ports) {
        return new ClusterSnapshot(NODE, Optional.empty(), ports, 1);
    }

    /** Fluent fixture for one ServicePort; not thread-safe. */
    public static final class PortBuilder {
        private final ObjectRef service;
        private final String portName;
        private Protocol protocol = Protocol.TCP;
        private IpAddress clusterIp;
        private int port = 80;
        private int nodePort;
        private final List<IpAddress> externalIps = new ArrayList<>();
        private final List<IpAddress> loadBalancerIps = new ArrayList<>();
        private final List<Cidr> sourceRanges = new ArrayList<>();
        private TrafficPolicy externalPolicy = TrafficPolicy.CLUSTER;
        private TrafficPolicy internalPolicy = TrafficPolicy.CLUSTER;
        private SessionAffinity affinity = SessionAffinity.NONE;
        private int healthCheckNodePort;
        private final List<Endpoint> endpoints = new ArrayList<>();

        private PortBuilder(ObjectRef service, String portName) {
            this.service = service;
            this.portName = portName;
        }

        public PortBuilder protocol(Protocol value) {
            protocol = value;
            return this;
        }

        public PortBuilder clusterIp(String value) {
            clusterIp = IpAddress.parse(value);
            return this;
        }

        public PortBuilder port(int value) {
            port = value;
            return this;
        }

        public PortBuilder nodePort(int value) {
            nodePort = value;
            return this;
        }

        public PortBuilder externalIp(String value) {
            externalIps.add(IpAddress.parse(value));
            return this;
        }

        public PortBuilder loadBalancerIp(String value) {
            loadBalancerIps.add(IpAddress.parse(value));
            return this;
        }

        public PortBuilder sourceRange(String value) {
            sourceRanges.add(Cidr.parse(value));
            return this;
        }

        public PortBuilder externalTrafficPolicy(TrafficPolicy value) {
            externalPolicy = value;
            return this;
        }

        public PortBuilder internalTrafficPolicy(TrafficPolicy value) {
            internalPolicy = value;
            return this;
        }

        public PortBuilder clientIpAffinity(int timeoutSeconds) {
            affinity = SessionAffinity.clientIp(timeoutSeconds);
            return this;
        }

        public PortBuilder healthCheckNodePort(int value) {
            healthCheckNodePort = value;
            return this;
        }

        /** Adds a ready endpoint on another node. */
        public PortBuilder endpoint(String ip, int endpointPort) {
            IpAddress address = IpAddress.parse(ip);
            endpoints.add(new Endpoint(address, endpointPort, false, true, true, false, Set.of(), Set.of()));
            return this;
        }

        /** Moves the last endpoint to this node. */
        public PortBuilder local() {
            Endpoint e = last();
            return replaceLast(new Endpoint(e.ip(), e.port(), true, e.ready(), e.serving(), e.terminating(),
                    e.zoneHints(), e.nodeHints()));
        }

        /** Makes the last endpoint terminating but still serving. */
        public PortBuilder terminating() {
            Endpoint e = last();
            return replaceLast(new Endpoint(e.ip(), e.port(), e.local(), false, true, true, e.zoneHints(),
                    e.nodeHints()));
        }

        /** Makes the last endpoint not ready and not serving. */
        public PortBuilder notReady() {
            Endpoint e = last();
            return replaceLast(new Endpoint(e.ip(), e.port(), e.local(), false, false, false, e.zoneHints(),
                    e.nodeHints()));
        }

        public ServicePort build() {
            ServicePortName name = new ServicePortName(service, portName, protocol);
            int hcnp = externalPolicy == TrafficPolicy.LOCAL ? healthCheckNodePort : 0;
            ServicePort shape = new ServicePort(name, clusterIp.family(), clusterIp, port, nodePort,
                    new ServicePort.Frontends(externalIps, loadBalancerIps, sourceRanges),
                    new ServicePolicies(externalPolicy, internalPolicy, affinity, hcnp), EndpointSet.EMPTY);
            return new ServicePort(name, shape.family(), clusterIp, port, nodePort, shape.frontends(),
                    shape.policies(), categorize(shape));
        }

        /** kube-proxy's {@code CategorizeEndpoints} without topology. */
        private EndpointSet categorize(ServicePort shape) {
            List<Endpoint> cluster = List.of();
            if (shape.usesClusterEndpoints()) {
                cluster = select(Endpoint::ready);
                if (cluster.isEmpty()) {
                    cluster = select(e -> e.serving() && e.terminating());
                }
            }
            boolean hasAny = !cluster.isEmpty();
            if (!shape.usesLocalEndpoints()) {
                return new EndpointSet(endpoints, cluster, List.of(), cluster, hasAny);
            }
            List<Endpoint> local = select(e -> e.local() && e.ready());
            if (local.isEmpty()) {
                local = select(e -> e.local() && e.serving() && e.terminating());
            }
            hasAny |= endpoints.stream().anyMatch(e -> e.ready() || (e.serving() && e.terminating()));
            if (!shape.usesClusterEndpoints()) {
                return new EndpointSet(endpoints, List.of(), local, local, hasAny);
            }
            TreeSet<Endpoint> reachable = new TreeSet<>(cluster);
            reachable.addAll(local);
            return new EndpointSet(endpoints, cluster, local, List.copyOf(reachable), hasAny);
        }

        private List<Endpoint> select(Predicate<Endpoint> filter) {
            return endpoints.stream().filter(filter).sorted().toList();
        }

        private Endpoint last() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException(service + ": no endpoint to modify (expected: endpoint(...) first)");
            }
            return endpoints.getLast();
        }

        private PortBuilder replaceLast(Endpoint endpoint) {
            endpoints.set(endpoints.size() - 1, endpoint);
            return this;
        }
    }
}
