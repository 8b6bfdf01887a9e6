package dev.junction.userspace.serve;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
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

/** Service ports and snapshots for the serve tests: one port {@code http} per Service, Cluster policies. */
final class ServeFixtures {

    static final IpAddress LOOPBACK = IpAddress.parse("127.0.0.1");

    private ServeFixtures() {
    }

    static Endpoint endpoint(IpAddress ip, int port) {
        return new Endpoint(ip, port, true, true, true, false, Set.of(), Set.of());
    }

    static ServicePort tcpPort(String service, String clusterIp, int nodePort, List<Endpoint> endpoints) {
        return port(service, Protocol.TCP, clusterIp, nodePort, ServicePort.Frontends.NONE, endpoints);
    }

    static ServicePort port(String service, Protocol protocol, String clusterIp, int nodePort,
            ServicePort.Frontends frontends, List<Endpoint> endpoints) {
        IpAddress ip = IpAddress.parse(clusterIp);
        return new ServicePort(new ServicePortName(new ObjectRef("ns1", service), "http", protocol), ip.family(), ip,
                80, nodePort, frontends, ServicePolicies.DEFAULT,
                new EndpointSet(endpoints, endpoints, List.of(), endpoints, !endpoints.isEmpty()));
    }

    static ClusterSnapshot snapshot(ServicePort... ports) {
        return new ClusterSnapshot("node-a", Optional.empty(), List.of(ports), 1);
    }

    static ListenerKey key(ServicePort port) {
        return new ListenerKey(port.name(), IpFamily.IPV4);
    }
}
