package dev.junction.core.conntrack;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which UDP conntrack flows are stale for an applied snapshot, as kube-proxy's
 * {@code conntrack.CleanStaleEntries} does. Pure: no I/O, no clock.
 *
 * <p>UDP has no teardown, so an entry keeps steering a client's datagrams to the endpoint it was DNAT'ed to. A flow
 * is stale when its original destination is a frontend of a UDP Service port (ClusterIP, load-balancer IP or
 * externalIP with the Service port, or any address with the NodePort) and its reply source {@code ip:port} is not a
 * serving endpoint of that port. Every serving endpoint counts, whatever the traffic policies, topology or
 * terminating state: changing the Service must not break existing flows, as with TCP.
 *
 * <p>A port with no serving endpoint at all is left alone: its traffic is rejected or dropped anyway. Once it gets
 * endpoints, the flows created meanwhile (never DNAT'ed, so their reply source is the frontend itself) are stale
 * and deleted.
 */
final class StaleFlowSelector {

    private StaleFlowSelector() {
    }

    /** The flows of {@code flows} to delete, in their original order; other families and protocols are ignored. */
    static List<ConntrackFlow> select(ClusterSnapshot snapshot, IpFamily family, List<ConntrackFlow> flows) {
        Frontends frontends = Frontends.of(snapshot, family);
        return flows.stream()
                .filter(flow -> flow.protocol() == Protocol.UDP && flow.family() == family)
                .filter(frontends::isStale)
                .toList();
    }

    private record IpPort(IpAddress ip, int port) {
    }

    /** The serving endpoints behind each UDP frontend: kube-proxy's serviceIPEndpoints and serviceNodePortEndpoints. */
    private record Frontends(Map<IpPort, Set<IpPort>> byAddress, Map<Integer, Set<IpPort>> byNodePort) {

        static Frontends of(ClusterSnapshot snapshot, IpFamily family) {
            Map<IpPort, Set<IpPort>> byAddress = new HashMap<>();
            Map<Integer, Set<IpPort>> byNodePort = new HashMap<>();
            for (ServicePort port : snapshot.servicePorts(family)) {
                Set<IpPort> serving = servingEndpoints(port);
                if (port.name().protocol() != Protocol.UDP || serving.isEmpty()) {
                    continue;
                }
                byAddress.put(new IpPort(port.clusterIp(), port.port()), serving);
                port.frontends().loadBalancerIps().forEach(ip -> byAddress.put(new IpPort(ip, port.port()), serving));
                port.frontends().externalIps().forEach(ip -> byAddress.put(new IpPort(ip, port.port()), serving));
                if (port.nodePort() != 0) {
                    byNodePort.put(port.nodePort(), serving);
                }
            }
            return new Frontends(byAddress, byNodePort);
        }

        private static Set<IpPort> servingEndpoints(ServicePort port) {
            return port.endpoints().all().stream()
                    .filter(Endpoint::serving)
                    .map(endpoint -> new IpPort(endpoint.ip(), endpoint.port()))
                    .collect(Collectors.toUnmodifiableSet());
        }

        boolean isStale(ConntrackFlow flow) {
            ConntrackFlow.Tuple original = flow.original();
            IpPort replySource = new IpPort(flow.reply().source(), flow.reply().sourcePort());
            Set<IpPort> viaAddress = byAddress.get(new IpPort(original.destination(), original.destinationPort()));
            Set<IpPort> viaNodePort = byNodePort.get(original.destinationPort());
            return (viaAddress != null && !viaAddress.contains(replySource))
                    || (viaNodePort != null && !viaNodePort.contains(replySource));
        }
    }
}
