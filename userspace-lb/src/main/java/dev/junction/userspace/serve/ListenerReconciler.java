package dev.junction.userspace.serve;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.userspace.UserspaceMeters;
import dev.junction.userspace.balance.EndpointStates;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link ServicePortListener} per TCP or UDP Service port that has endpoints: binds the new ones, swaps the tables
 * of the others, and closes those of ports that left or lost every endpoint (their connections drain). A port whose
 * listener cannot bind is logged with its identity, counted and left out; the others are served. Called from one
 * thread (the sync loop's); {@link #close()} from the same.
 */
public final class ListenerReconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerReconciler.class);

    private final ListenerContext context;
    private final AtomicReference<ClusterTraffic> traffic = new AtomicReference<>(ClusterTraffic.NONE);
    private final EndpointStates states;
    private final Map<ListenerKey, ServicePortListener> listeners = new HashMap<>();

    /** @param ticker monotonic nanoseconds ({@code System::nanoTime} in production) */
    public ListenerReconciler(ListenerTransport transport, ServeSettings settings, MeterRegistry registry,
            OriginalDestination originalDestination, LongSupplier ticker) {
        this.context = new ListenerContext(transport, settings,
                Map.of(Protocol.TCP, UserspaceMeters.bindTo(registry, "tcp"),
                        Protocol.UDP, UserspaceMeters.bindTo(registry, "udp")),
                ticker, originalDestination, traffic::get,
                Map.of(Protocol.TCP, UserspaceMeters.listenErrors(registry, "tcp"),
                        Protocol.UDP, UserspaceMeters.listenErrors(registry, "udp")));
        this.states = new EndpointStates(settings.health());
    }

    /** Whether the userspace mode serves this port: TCP and UDP (this kernel has no SCTP sockets to proxy with). */
    public static boolean isServed(ServicePort port) {
        return port.name().protocol() != Protocol.SCTP;
    }

    /** Whether the userspace mode has a listener for this port: a served protocol, and some endpoint. */
    public static boolean listens(ServicePort port) {
        return isServed(port) && port.endpoints().hasAnyEndpoints();
    }

    /**
     * Makes the listeners match {@code snapshot}.
     *
     * @param nodePortIps the addresses NodePorts listen on; a wildcard address stands for all of its family
     * @return the proxy port of every Service port listening now, for the nat rules
     */
    public Map<ListenerKey, Integer> reconcile(ClusterSnapshot snapshot, List<IpAddress> nodePortIps,
            ClusterTraffic clusterTraffic) {
        traffic.set(clusterTraffic);
        Map<ListenerKey, ServicePort> wanted = snapshot.servicePorts().stream()
                .filter(ListenerReconciler::listens)
                .collect(Collectors.toMap(ListenerKey::of, port -> port));
        listeners.entrySet().removeIf(entry -> {
            if (wanted.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            LOG.debug("{} listener closed, connections drain", entry.getKey().name());
            return true;
        });
        for (Map.Entry<ListenerKey, ServicePort> entry : wanted.entrySet()) {
            PortTables tables = PortTables.build(entry.getValue(), context.settings().tables(), states);
            ServicePortListener listener = listeners.get(entry.getKey());
            if (listener != null) {
                listener.update(tables, nodePortIps);
            } else {
                open(entry.getKey(), tables, nodePortIps);
            }
        }
        states.retain(wanted.values().stream().flatMap(port -> port.endpoints().reachable().stream()).toList());
        return proxyPorts();
    }

    private void open(ListenerKey key, PortTables tables, List<IpAddress> nodePortIps) {
        try {
            ServicePortListener listener = ServicePortListener.open(tables, nodePortIps, context);
            listeners.put(key, listener);
            LOG.debug("listener opened {}", listener);
        } catch (ListenFailedException e) {
            context.listenErrors().get(key.name().protocol()).increment();
            LOG.warn("{}; the port is not served until a later sync binds it", e.getMessage());
        }
    }

    /** The proxy port of every listener. */
    private Map<ListenerKey, Integer> proxyPorts() {
        return listeners.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().proxyPort()));
    }

    /** The listener of {@code key}, for tests. */
    ServicePortListener listener(ListenerKey key) {
        return listeners.get(key);
    }

    /** Closes every listener; established connections drain on the transport, which the caller closes after. */
    @Override
    public void close() {
        listeners.values().forEach(ServicePortListener::close);
        listeners.clear();
    }
}
