package dev.junction.userspace.serve;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of one TCP or UDP Service port of one family: the proxy port the nat rules redirect its ClusterIP,
 * externalIPs and load-balancer IPs to, and its NodePort on the node's addresses. New connections read the current
 * {@link PortTables}; {@link #update} swaps them, and connections to endpoints that left drain. Changed only from the
 * sync thread; the event loops read the tables.
 */
final class ServicePortListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServicePortListener.class);

    private final String name;
    private final IpFamily family;
    private final ListenerContext context;
    private final AtomicReference<PortTables> tables;
    private final EndpointConnections connections;
    private final PortSockets sockets;
    private final BoundSocket proxyServer;
    private final Map<InetSocketAddress, BoundSocket> nodePortServers = new HashMap<>();
    /** NodePort addresses whose bind failed: logged once, retried on every update. */
    private final Set<InetSocketAddress> failedNodePorts = new HashSet<>();

    private ServicePortListener(String name, IpFamily family, ListenerContext context,
            AtomicReference<PortTables> tables, EndpointConnections connections, PortSockets sockets,
            BoundSocket proxyServer) {
        this.name = name;
        this.family = family;
        this.context = context;
        this.tables = tables;
        this.connections = connections;
        this.sockets = sockets;
        this.proxyServer = proxyServer;
    }

    /**
     * Binds the proxy port (any free port on the family's wildcard address) and the NodePort, if the port has one.
     *
     * @param nodePortIps where NodePorts listen; a wildcard address means every address
     * @throws ListenFailedException when the proxy port cannot be bound; NodePort failures are only logged and counted
     */
    static ServicePortListener open(PortTables initial, List<IpAddress> nodePortIps, ListenerContext context)
            throws ListenFailedException {
        IpFamily family = initial.port().family();
        String name = initial.port().name() + (family == IpFamily.IPV6 ? " (IPv6)" : "");
        AtomicReference<PortTables> tables = new AtomicReference<>(initial);
        EndpointConnections connections = new EndpointConnections(name);
        PortSockets sockets = initial.port().name().protocol() == Protocol.UDP
                ? PortSockets.udp(family, tables, context)
                : PortSockets.tcp(family, tables, connections, context);
        InetSocketAddress anyPort = new InetSocketAddress(wildcard(family).inet(), 0);
        BoundSocket proxy;
        try {
            proxy = sockets.bindRedirected(anyPort);
        } catch (IOException e) {
            throw new ListenFailedException(name, anyPort, e);
        }
        ServicePortListener listener = new ServicePortListener(name, family, context, tables, connections, sockets,
                proxy);
        listener.bindNodePorts(nodePortIps);
        return listener;
    }

    static IpAddress wildcard(IpFamily family) {
        return IpAddress.parse(family == IpFamily.IPV4 ? "0.0.0.0" : "::");
    }

    /** The port the nat rules redirect to. */
    int proxyPort() {
        return proxyServer.port();
    }

    EndpointConnections connections() {
        return connections;
    }

    /**
     * Serves {@code next} from now on: new connections use its tables, established ones keep their endpoint, and those
     * whose endpoint no table holds any more are closed after the drain timeout. Rebinds the NodePort if it moved.
     */
    void update(PortTables next, List<IpAddress> nodePortIps) {
        PortTables previous = tables.getAndSet(next);
        Set<Endpoint> gone = new HashSet<>(previous.endpoints());
        gone.removeAll(next.endpoints());
        connections.drain(gone, context.settings().drainTimeout(), () -> tables.get().endpoints(),
                context.transport().group());
        bindNodePorts(nodePortIps);
    }

    /** Stops accepting at once; established connections continue until they end or the drain timeout. */
    void close() {
        proxyServer.close();
        nodePortServers.values().forEach(BoundSocket::close);
        nodePortServers.clear();
        connections.drainAll(context.settings().drainTimeout(), context.transport().group());
    }

    private void bindNodePorts(List<IpAddress> nodePortIps) {
        Set<InetSocketAddress> wanted = wantedNodePorts(nodePortIps);
        nodePortServers.entrySet().removeIf(bound -> {
            if (wanted.contains(bound.getKey())) {
                return false;
            }
            bound.getValue().close();
            return true;
        });
        failedNodePorts.retainAll(wanted);
        for (InetSocketAddress address : wanted) {
            if (!nodePortServers.containsKey(address)) {
                bindNodePort(address);
            }
        }
    }

    private void bindNodePort(InetSocketAddress address) {
        try {
            nodePortServers.put(address, sockets.bindNodePort(address));
        } catch (IOException e) {
            context.listenErrors().get(tables.get().port().name().protocol()).increment();
            if (failedNodePorts.add(address)) {
                LOG.warn("{} cannot listen on its NodePort, will retry on every sync address={} cause={}", name,
                        address, e.toString());
            }
            return;
        }
        if (failedNodePorts.remove(address)) {
            LOG.info("{} NodePort listening after earlier failures address={}", name, address);
        }
    }

    private Set<InetSocketAddress> wantedNodePorts(List<IpAddress> nodePortIps) {
        int nodePort = tables.get().port().nodePort();
        if (nodePort == 0) {
            return Set.of();
        }
        return nodePortIps.stream().filter(ip -> ip.family() == family)
                .flatMap(sockets::nodePortAddresses).sorted()
                .map(ip -> new InetSocketAddress(ip.inet(), nodePort))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public String toString() {
        return name + " proxyPort=" + proxyPort() + " nodePorts=" + nodePortServers.keySet();
    }
}
