package dev.junction.userspace.balance;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.model.SessionAffinity;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Service ports of {@code ns1/web:http} for balancing tests. */
final class Ports {

    static Endpoint endpoint(String ip) {
        return new Endpoint(IpAddress.parse(ip), 8080, false, true, true, false, Set.of(), Set.of());
    }

    /** {@code count} endpoints 198.18.1.1, 198.18.1.2, … */
    static List<Endpoint> endpoints(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> endpoint("198.18.1." + i)).toList();
    }

    /** Traffic policies Cluster, no affinity, the given endpoints everywhere. */
    static ServicePort clusterPort(List<Endpoint> endpoints) {
        return port(TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0, SessionAffinity.NONE,
                new EndpointSet(endpoints, endpoints, List.of(), endpoints, !endpoints.isEmpty()));
    }

    static ServicePort affinityPort(List<Endpoint> endpoints) {
        return port(TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0, SessionAffinity.clientIp(10_800),
                new EndpointSet(endpoints, endpoints, List.of(), endpoints, !endpoints.isEmpty()));
    }

    static ServicePort port(TrafficPolicy internal, TrafficPolicy external, int nodePort, SessionAffinity affinity,
            EndpointSet endpoints) {
        return new ServicePort(new ServicePortName(new ObjectRef("ns1", "web"), "http", Protocol.TCP),
                IpFamily.IPV4, IpAddress.parse("198.18.0.10"), 80, nodePort, ServicePort.Frontends.NONE,
                new ServicePolicies(external, internal, affinity, 0), endpoints);
    }

    static List<String> ips(List<EndpointState> states) {
        return states.stream().map(state -> state.endpoint().ip().toString()).toList();
    }

    private Ports() {
    }
}
