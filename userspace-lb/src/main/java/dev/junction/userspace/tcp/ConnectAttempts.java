package dev.junction.userspace.tcp;

import dev.junction.core.net.IpAddress;
import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import dev.junction.userspace.balance.EndpointState;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.PassiveHealth;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints one client connection tries in turn, and what each outcome means for passive health, ClientIP
 * affinity, the endpoint's connection count and the meters. The transport connects; this decides. Confined to the
 * connection's event loop.
 */
final class ConnectAttempts {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectAttempts.class);

    private final EndpointTable table;
    private final IpAddress client;
    private final List<EndpointState> candidates;
    private final ProtocolMeters meters;
    private final LongSupplier ticker;
    private int attempt;

    ConnectAttempts(EndpointTable table, IpAddress client, List<EndpointState> candidates, ProtocolMeters meters,
            LongSupplier ticker) {
        this.table = table;
        this.client = client;
        this.candidates = candidates;
        this.meters = meters;
        this.ticker = ticker;
    }

    /** The endpoint to connect to now. */
    EndpointState endpoint() {
        return candidates.get(attempt);
    }

    InetSocketAddress address() {
        EndpointState endpoint = endpoint();
        return new InetSocketAddress(endpoint.endpoint().ip().inet(), endpoint.endpoint().port());
    }

    /**
     * The connect to {@link #endpoint()} failed: counts it against the endpoint's health (an ejection is logged) and
     * moves to the next endpoint.
     *
     * @param clientGone the client left meanwhile, so no other endpoint is tried
     * @return whether there is another endpoint to try
     */
    boolean failed(Throwable cause, boolean clientGone) {
        EndpointState endpoint = endpoint();
        meters.connectErrors().increment();
        if (endpoint.health().recordFailure(ticker.getAsLong()) == PassiveHealth.Transition.EJECTED) {
            meters.ejections().increment();
            LOG.warn("{} endpoint ejected after consecutive connect failures endpoint={} cause={}", table.name(),
                    endpoint.endpoint(), cause.toString());
        }
        if (clientGone || attempt + 1 >= candidates.size()) {
            LOG.debug("{} giving up after {} connect attempts client={} last={}", table.name(), attempt + 1, client,
                    cause.toString());
            return false;
        }
        attempt++;
        return true;
    }

    /**
     * The connect to {@link #endpoint()} succeeded: the endpoint is healthy, remembered for the client's affinity, and
     * holds one more connection until its relay calls {@code connectionClosed()}.
     *
     * @return the Service port and endpoint, for the relay's log lines
     */
    RelayName connected() {
        EndpointState endpoint = endpoint();
        endpoint.health().recordSuccess();
        table.recordChoice(client, endpoint, ticker.getAsLong());
        endpoint.connectionOpened();
        return new RelayName(table.name(), endpoint.endpoint());
    }

    /** No socket could be opened for the attempt (out of descriptors, most likely): this node's trouble. */
    void noSocket(Throwable cause) {
        meters.connectErrors().increment();
        LOG.debug("{} cannot open a socket to an endpoint, closing client={} cause={}", table.name(), client,
                cause.toString());
    }
}
