package dev.junction.userspace.serve;

import dev.junction.core.snapshot.Endpoint;
import dev.junction.userspace.tcp.RelayTracker;
import dev.junction.userspace.tcp.RelayedConnection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relayed client connections of one Service port's listener, by the endpoint they relay to, as the TCP proxy
 * reports them: what a drain closes once an endpoint (or the whole port) is gone for longer than the drain timeout.
 * Thread-safe.
 */
final class EndpointConnections implements RelayTracker {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointConnections.class);

    private final String serviceName;
    private final ConcurrentMap<Endpoint, Set<RelayedConnection>> byEndpoint = new ConcurrentHashMap<>();

    /** @param serviceName the Service port, for log lines */
    EndpointConnections(String serviceName) {
        this.serviceName = serviceName;
    }

    @Override
    public void started(Endpoint endpoint, RelayedConnection connection) {
        byEndpoint.computeIfAbsent(endpoint, e -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    @Override
    public void ended(Endpoint endpoint, RelayedConnection connection) {
        byEndpoint.computeIfPresent(endpoint, (e, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    /** How many relayed connections go to {@code endpoint} now. */
    int count(Endpoint endpoint) {
        Set<RelayedConnection> connections = byEndpoint.get(endpoint);
        return connections == null ? 0 : connections.size();
    }

    /**
     * After {@code timeout}, closes the connections to each of {@code gone} that {@code stillServed} (read then) no
     * longer holds, so that an endpoint removed and re-added within the timeout keeps its connections.
     */
    void drain(Set<Endpoint> gone, Duration timeout, Supplier<Set<Endpoint>> stillServed,
            ScheduledExecutorService scheduler) {
        if (gone.isEmpty()) {
            return;
        }
        scheduler.schedule(() -> {
            Set<Endpoint> served = stillServed.get();
            gone.stream().filter(endpoint -> !served.contains(endpoint)).forEach(this::close);
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** After {@code timeout}, closes every connection, whatever its endpoint: the listener is gone. */
    void drainAll(Duration timeout, ScheduledExecutorService scheduler) {
        scheduler.schedule(() -> Set.copyOf(byEndpoint.keySet()).forEach(this::close), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void close(Endpoint endpoint) {
        Set<RelayedConnection> connections = byEndpoint.remove(endpoint);
        if (connections != null && !connections.isEmpty()) {
            LOG.debug("{} drain timeout over, closing connections endpoint={} connections={}", serviceName, endpoint,
                    connections.size());
            connections.forEach(RelayedConnection::terminate);
        }
    }
}
