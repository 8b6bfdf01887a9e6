package dev.junction.core.testing;

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

/** Minimal {@link ServicePort}s for tests that care about traffic policies and where endpoints run. */
public final class ServicePorts {

    /** A ready endpoint on port 8080, on this node or elsewhere. */
    public static Endpoint endpoint(String ip, boolean local) {
        return new Endpoint(IpAddress.parse(ip), 8080, local, true, true, false, Set.of(), Set.of());
    }

    /** Endpoints that all run on other nodes. */
    public static EndpointSet onlyElsewhere(Endpoint... remote) {
        List<Endpoint> all = List.of(remote);
        return new EndpointSet(all, all, List.of(), all, !all.isEmpty());
    }

    /** TCP port "http" 80 of {@code ns1/<service>} on ClusterIP 198.18.0.10, without external IPs. */
    public static ServicePort port(String service, TrafficPolicy internal, TrafficPolicy external, int nodePort,
            EndpointSet endpoints) {
        return new ServicePort(new ServicePortName(new ObjectRef("ns1", service), "http", Protocol.TCP),
                IpFamily.IPV4, IpAddress.parse("198.18.0.10"), 80, nodePort, ServicePort.Frontends.NONE,
                new ServicePolicies(external, internal, SessionAffinity.NONE, 0), endpoints);
    }

    private ServicePorts() {
    }
}
