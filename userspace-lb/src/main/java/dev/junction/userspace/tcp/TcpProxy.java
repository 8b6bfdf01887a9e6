package dev.junction.userspace.tcp;

import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import dev.junction.userspace.balance.EndpointState;
import dev.junction.userspace.balance.EndpointTable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one TCP listener (for one {@code Origin} of its clients) proxies to, whatever the transport: the endpoint table
 * read once per new connection, the settings, the connection limit and the meters, and who learns about each relay.
 * Thread-safe; one instance per listener and origin, since {@code maxConnections} counts per instance.
 *
 * <p>{@code tables} is read once per new connection; whoever owns the listener swaps the table behind it when a new
 * snapshot arrives (an {@code AtomicReference::get} will do), and established connections keep their endpoint.
 */
public final class TcpProxy {

    private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);

    private final Supplier<EndpointTable> tables;
    private final TcpProxySettings settings;
    private final ProtocolMeters meters;
    private final LongSupplier ticker;
    private final RelayTracker tracker;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param meters  from {@code UserspaceMeters.bindTo(registry, "tcp")}, shared by every TCP listener
     * @param ticker  monotonic nanoseconds for passive health and ClientIP affinity ({@code System::nanoTime} in
     *                production)
     * @param tracker told when a connection starts and stops relaying to an endpoint, for drains
     */
    public TcpProxy(Supplier<EndpointTable> tables, TcpProxySettings settings, ProtocolMeters meters,
            LongSupplier ticker, RelayTracker tracker) {
        this.tables = tables;
        this.settings = settings;
        this.meters = meters;
        this.ticker = ticker;
        this.tracker = tracker;
    }

    /**
     * Counts a new client connection in, or refuses it (counted) when the listener holds {@code maxConnections}
     * already. Each admitted connection must be {@link #release released} once closed.
     */
    boolean admit() {
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            meters.refused().atLimit().increment();
            return false;
        }
        meters.connections().increment();
        meters.active().incrementAndGet();
        return true;
    }

    void release() {
        open.decrementAndGet();
        meters.active().decrementAndGet();
    }

    /** The endpoints to try for a client, in order; empty (counted as refused) when the table has none. */
    Optional<ConnectAttempts> attempts(IpAddress client) {
        EndpointTable table = tables.get();
        List<EndpointState> candidates = table.candidates(client, ticker.getAsLong(), settings.maxAttempts());
        if (candidates.isEmpty()) {
            meters.refused().noEndpoints().increment();
            LOG.debug("{} has no endpoints, closing client={}", table.name(), client);
            return Optional.empty();
        }
        return Optional.of(new ConnectAttempts(table, client, candidates, meters, ticker));
    }

    TcpProxySettings settings() {
        return settings;
    }

    ProtocolMeters meters() {
        return meters;
    }

    void relayStarted(Endpoint endpoint, RelayedConnection connection) {
        tracker.started(endpoint, connection);
    }

    void relayEnded(Endpoint endpoint, RelayedConnection connection) {
        tracker.ended(endpoint, connection);
    }
}
