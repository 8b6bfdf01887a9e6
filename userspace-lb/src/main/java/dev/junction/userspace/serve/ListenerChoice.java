package dev.junction.userspace.serve;

import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.userspace.balance.EndpointState;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The endpoints a Service port's listener offers a client's first connection, decided by the code the listener runs
 * (origin, endpoint table), with every endpoint healthy and no affinity remembered yet. For {@code junction explain}.
 *
 * @param origin    which frontend the connection reached, from where: selects the Cluster or Local endpoints
 * @param endpoints the endpoints the balance mode picks among, in table order
 * @param affinity  with ClientIP affinity, the endpoint Maglev hashing gives this client
 */
public record ListenerChoice(ServicePort port, Origin origin, List<Endpoint> endpoints, Optional<Endpoint> affinity) {

    /** The proxy's own socket, never a frontend: tells a redirected connection from one to the proxy port. */
    private static final InetSocketAddress PROXY_SOCKET = new InetSocketAddress(0);

    public ListenerChoice {
        endpoints = List.copyOf(endpoints);
    }

    /** A connection to {@code frontend} (the ClusterIP, an externalIP or a load-balancer IP), redirected. */
    public static ListenerChoice redirected(ServicePort port, IpAddress client, InetSocketAddress frontend,
            ClusterTraffic traffic, TableSettings settings) {
        Origin origin = OriginClassifier.classify(FrontendKind.REDIRECTED, port, client, () -> PROXY_SOCKET,
                () -> Optional.of(frontend), traffic);
        return choose(port, origin, client, settings);
    }

    /** A connection to the port's NodePort, which the listener binds. */
    public static ListenerChoice nodePort(ServicePort port, IpAddress client, ClusterTraffic traffic,
            TableSettings settings) {
        Origin origin = OriginClassifier.classify(FrontendKind.NODE_PORT, port, client, () -> PROXY_SOCKET,
                Optional::empty, traffic);
        return choose(port, origin, client, settings);
    }

    private static ListenerChoice choose(ServicePort port, Origin origin, IpAddress client, TableSettings settings) {
        EndpointTable table = EndpointTable.build(port, origin, settings, new EndpointStates(HealthPolicy.DEFAULT));
        List<Endpoint> endpoints = table.entries().stream().map(EndpointState::endpoint).toList();
        Optional<Endpoint> affinity = Optional.empty();
        if (port.policies().sessionAffinity().clientIp()) {
            affinity = table.candidates(client, 0, 1).stream().findFirst().map(EndpointState::endpoint);
        }
        return new ListenerChoice(port, origin, endpoints, affinity);
    }
}
