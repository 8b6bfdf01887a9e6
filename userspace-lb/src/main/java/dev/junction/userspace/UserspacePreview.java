package dev.junction.userspace;

import dev.junction.core.config.ProxyConfig;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.iptables.trace.Packet;
import dev.junction.iptables.trace.PacketTracer;
import dev.junction.iptables.trace.Trace;
import dev.junction.iptables.trace.TraceEntry;
import dev.junction.iptables.trace.TraceReport;
import dev.junction.userspace.balance.TableSettings;
import dev.junction.userspace.serve.ListenerChoice;
import dev.junction.userspace.serve.ListenerKey;
import dev.junction.userspace.serve.ListenerReconciler;
import dev.junction.userspace.serve.ServingAddresses;
import dev.junction.userspace.steer.SteeringPreview;
import dev.junction.userspace.steer.SteeringRules;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the userspace mode would do with a snapshot on a node, for {@code junction rules} and {@code junction explain}
 * with {@code --proxy-mode userspace}: the steering rules a full sync restores (see {@link SteeringPreview}), and where
 * the first packet of a connection goes, traced through those rules and then through the listener's own choice of
 * endpoints (the frontend's traffic policy, the balance mode, ClientIP affinity). Pure: nothing binds or touches the
 * kernel.
 */
public final class UserspacePreview {

    private static final TraceEntry STEERING = new TraceEntry(SteeringRules.jumps(), List.of(SteeringRules.FIREWALL));

    private final ClusterSnapshot snapshot;
    private final List<IpAddress> nodeAddresses;
    private final SteeringPreview preview;
    private final ServingAddresses serving;
    private final TableSettings tables;

    /** @param nodeAddresses this node's addresses, as the node's interfaces would list them */
    public UserspacePreview(ProxyConfig config, ClusterSnapshot snapshot, List<IpAddress> nodeAddresses,
            Set<IpFamily> families) {
        this.snapshot = snapshot;
        this.nodeAddresses = List.copyOf(nodeAddresses);
        this.serving = HostServingAddresses.of(config, snapshot, nodeAddresses);
        this.preview = new SteeringPreview(families, serving.traffic().podCidrs());
        this.tables = TableSettings.of(config.userspace().balance());
    }

    /** The iptables-restore input of a full sync, with placeholder proxy ports. */
    public String restoreInput() {
        return preview.restoreInput(snapshot);
    }

    /** The report of one packet, in {@link TraceReport}'s layout. */
    public String explain(Packet packet) {
        Map<ListenerKey, Integer> proxyPorts = preview.proxyPorts(snapshot);
        PacketTracer tracer = new PacketTracer(preview.compile(snapshot, packet.source().family()), nodeAddresses,
                STEERING);
        Trace trace = tracer.trace(packet);
        StringBuilder out = new StringBuilder();
        TraceReport.packetLine(out, packet);
        Optional<Listened> listened = switch (trace.verdict()) {
            case REJECT, DROP -> Optional.empty();
            case ACCEPT -> redirectedPort(packet).map(port -> new Listened(port, "its " + frontendName(port, packet)
                    + ", redirected to proxy port " + proxyPorts.get(ListenerKey.of(port)) + " (numbered as in"
                    + " junction rules)", ListenerChoice.redirected(port, packet.source(),
                    new InetSocketAddress(packet.destination().inet(), packet.port()), serving.traffic(), tables)));
            case NO_MATCH -> nodePortOf(packet).map(port -> new Listened(port, "its NodePort, which the listener"
                    + " binds", ListenerChoice.nodePort(port, packet.source(), serving.traffic(), tables)));
        };
        if (listened.isEmpty()) {
            TraceReport.line(out, "verdict:", TraceReport.verdict(trace.verdict() == Trace.Verdict.ACCEPT
                    ? Trace.Verdict.NO_MATCH : trace.verdict()));
            TraceReport.line(out, "masquerade:", "no");
        } else {
            describe(out, listened.get());
        }
        TraceReport.matchedRules(out, trace.matched());
        return out.toString();
    }

    /** A packet a listener takes: the Service port, how the packet reached it, and what the listener offers. */
    private record Listened(ServicePort port, String reachedThrough, ListenerChoice choice) {
    }

    private void describe(StringBuilder out, Listened listened) {
        ListenerChoice choice = listened.choice();
        String name = listened.port().name() + "/" + listened.port().name().protocol().name().toLowerCase(Locale.ROOT);
        if (choice.endpoints().isEmpty()) {
            TraceReport.line(out, "verdict:", "CLOSED: the listener of " + name + " accepts the connection and closes"
                    + " it: no endpoint serves this traffic (" + policy(choice) + ")");
        } else {
            int count = choice.affinity().isPresent() ? 1 : choice.endpoints().size();
            TraceReport.line(out, "verdict:", "PROXIED: the listener of " + name + " connects to "
                    + (count == 1 ? "the endpoint below" : "one of " + count + " endpoints"));
        }
        TraceReport.line(out, "listener:", name + ", reached through " + listened.reachedThrough());
        TraceReport.line(out, "policy:", policy(choice));
        TraceReport.line(out, "balance:", choice.affinity().isPresent()
                ? "ClientIP affinity: Maglev hashing gives this client the endpoint below"
                : choice.endpoints().size() == 1 ? tables.mode() + ", of the only endpoint"
                : tables.mode() + " among " + choice.endpoints().size() + " endpoints");
        Map<String, Double> chances = new LinkedHashMap<>();
        List<Endpoint> picked = choice.affinity().map(List::of).orElse(choice.endpoints());
        picked.forEach(endpoint -> chances.put(endpoint.hostPort(), 1.0 / picked.size()));
        TraceReport.endpointLines(out, chances);
        TraceReport.line(out, "masquerade:", "yes (the listener connects from this node: the endpoint sees this"
                + " node's address as the source)");
    }

    private static String policy(ListenerChoice choice) {
        ServicePort port = choice.port();
        return switch (choice.origin()) {
            case INTERNAL -> "internal traffic: internalTrafficPolicy "
                    + (port.isInternalPolicyLocal() ? "Local, this node's endpoints" : "Cluster, every endpoint");
            case EXTERNAL -> "external traffic: externalTrafficPolicy "
                    + (port.isExternalPolicyLocal() ? "Local, this node's endpoints" : "Cluster, every endpoint");
            case EXTERNAL_FROM_CLUSTER -> "an external frontend from a pod or this node: every endpoint, whatever"
                    + " the external policy";
        };
    }

    /** The listening port whose ClusterIP, externalIP or load-balancer IP the packet was sent to. */
    private Optional<ServicePort> redirectedPort(Packet packet) {
        return listeningPorts(packet).filter(port -> port.port() == packet.port() && !frontendName(port, packet)
                .isEmpty()).findFirst();
    }

    private static String frontendName(ServicePort port, Packet packet) {
        IpAddress destination = packet.destination();
        if (port.clusterIp().equals(destination)) {
            return "ClusterIP";
        }
        if (port.frontends().externalIps().contains(destination)) {
            return "externalIP";
        }
        return port.frontends().loadBalancerIps().contains(destination) ? "load-balancer IP" : "";
    }

    /** The listening port whose NodePort the packet was sent to, on an address its listener binds. */
    private Optional<ServicePort> nodePortOf(Packet packet) {
        IpAddress destination = packet.destination();
        boolean wildcard = serving.nodePortIps().stream()
                .anyMatch(ip -> ip.family() == destination.family() && ip.inet().isAnyLocalAddress());
        boolean local = nodeAddresses.contains(destination) || destination.inet().isLoopbackAddress();
        if (!serving.nodePortIps().contains(destination) && !(wildcard && local)) {
            return Optional.empty();
        }
        return listeningPorts(packet).filter(port -> port.nodePort() == packet.port()).findFirst();
    }

    private Stream<ServicePort> listeningPorts(Packet packet) {
        return snapshot.servicePorts(packet.source().family()).stream()
                .filter(port -> ListenerReconciler.listens(port) && port.name().protocol() == packet.protocol());
    }
}
