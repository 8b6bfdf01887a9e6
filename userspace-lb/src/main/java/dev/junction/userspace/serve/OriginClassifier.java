package dev.junction.userspace.serve;

import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.userspace.balance.Origin;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides the {@link Origin} of a new connection, and so which endpoint table serves it, from the frontend it reached
 * and the client address. Stateless and thread-safe.
 */
final class OriginClassifier {

    private OriginClassifier() {
    }

    /**
     * @param originalDestination asked only when the port has external frontends, since only then does a redirected
     *                            connection's destination matter; empty when conntrack does not know the connection
     * @param local               the accepted socket's local address, asked with the original destination: one equal
     *                            to it means the client connected to the proxy port itself (conntrack answers for any
     *                            connection)
     */
    static Origin classify(FrontendKind kind, ServicePort port, IpAddress client, Supplier<InetSocketAddress> local,
            Supplier<Optional<InetSocketAddress>> originalDestination, ClusterTraffic traffic) {
        return switch (kind) {
            case NODE_PORT -> external(client, traffic);
            case REDIRECTED -> isToExternalFrontend(port, local, originalDestination) ? external(client, traffic)
                    : Origin.INTERNAL;
        };
    }

    private static boolean isToExternalFrontend(ServicePort port, Supplier<InetSocketAddress> local,
            Supplier<Optional<InetSocketAddress>> originalDestination) {
        ServicePort.Frontends frontends = port.frontends();
        if (frontends.externalIps().isEmpty() && frontends.loadBalancerIps().isEmpty()) {
            return false;
        }
        Optional<InetSocketAddress> destination = originalDestination.get()
                .filter(d -> d.getPort() == port.port() && !d.equals(local.get()));
        if (destination.isEmpty()) {
            return false;
        }
        IpAddress ip = new IpAddress(destination.get().getAddress());
        return frontends.externalIps().contains(ip) || frontends.loadBalancerIps().contains(ip);
    }

    private static Origin external(IpAddress client, ClusterTraffic traffic) {
        return traffic.isFromCluster(client) ? Origin.EXTERNAL_FROM_CLUSTER : Origin.EXTERNAL;
    }
}
