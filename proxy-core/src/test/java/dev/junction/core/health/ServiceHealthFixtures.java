package dev.junction.core.health;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.model.SessionAffinity;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Service ports of LoadBalancer Services with externalTrafficPolicy Local, and endpoints in every condition. */
final class ServiceHealthFixtures {

    static final ObjectRef WEB = new ObjectRef("ns1", "web");
    static final ObjectRef API = new ObjectRef("ns2", "api");

    /** Port {@code portName} of {@code service}, of the family of its first endpoint (IPv4 when none). */
    static ServicePort port(ObjectRef service, String portName, int healthCheckNodePort, Endpoint... endpoints) {
        List<Endpoint> all = List.of(endpoints);
        boolean v6 = !all.isEmpty() && all.getFirst().ip().family() == IpFamily.IPV6;
        IpAddress clusterIp = IpAddress.parse(v6 ? "fd00:198:18::10" : "198.18.0.10");
        TrafficPolicy external = healthCheckNodePort == 0 ? TrafficPolicy.CLUSTER : TrafficPolicy.LOCAL;
        return new ServicePort(new ServicePortName(service, portName, Protocol.TCP), clusterIp.family(), clusterIp,
                80, 30080, ServicePort.Frontends.NONE,
                new ServicePolicies(external, TrafficPolicy.CLUSTER, SessionAffinity.NONE, healthCheckNodePort),
                new EndpointSet(all, all, List.of(), all, !all.isEmpty()));
    }

    static ClusterSnapshot snapshot(ServicePort... ports) {
        return new ClusterSnapshot("node1", Optional.empty(), List.of(ports), 1);
    }

    static Endpoint local(String ip) {
        return endpoint(ip, 8080, true, true, false);
    }

    static Endpoint local(String ip, int port) {
        return endpoint(ip, port, true, true, false);
    }

    static Endpoint remote(String ip) {
        return endpoint(ip, 8080, false, true, false);
    }

    static Endpoint localNotReady(String ip) {
        return endpoint(ip, 8080, true, false, false);
    }

    /** Still ready, as the EndpointSlice controller reports for a Service with publishNotReadyAddresses. */
    static Endpoint localTerminating(String ip) {
        return endpoint(ip, 8080, true, true, true);
    }

    private static Endpoint endpoint(String ip, int port, boolean local, boolean ready, boolean terminating) {
        return new Endpoint(IpAddress.parse(ip), port, local, ready, ready || terminating, terminating, Set.of(),
                Set.of());
    }

    private ServiceHealthFixtures() {
    }
}
