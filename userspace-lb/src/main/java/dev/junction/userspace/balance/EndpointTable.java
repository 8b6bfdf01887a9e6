package dev.junction.userspace.balance;

import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The endpoints that serve one Service port for one {@link Origin}, and how to choose among them. Immutable apart
 * from the round-robin cursor and the shared {@link EndpointState}s; a new snapshot builds a new table and swaps it in
 * wholesale, so a connection that already chose keeps its endpoint. Thread-safe.
 *
 * <p>ClientIP affinity uses a {@link MaglevTable} over the endpoints' {@code ip:port}, not kube-proxy's {@code recent}
 * module. Compared with kube-proxy's {@code sessionAffinityConfig.clientIP.timeoutSeconds}: a client keeps its
 * endpoint for as long as the endpoint set is unchanged, however long it stays idle (kube-proxy forgets it after the
 * timeout); when endpoints are added, about 1/N of the clients move at once even inside their timeout (kube-proxy keeps
 * them until it expires); when an endpoint is removed, only its own clients move, as in kube-proxy. The timeout is
 * therefore not read here.
 */
public final class EndpointTable {

    private final ServicePortName name;
    private final Origin origin;
    private final BalanceMode mode;
    private final List<EndpointState> entries;
    private final Optional<MaglevTable> affinity;
    private final AtomicInteger cursor;

    private EndpointTable(ServicePortName name, Origin origin, BalanceMode mode, List<EndpointState> entries,
            Optional<MaglevTable> affinity) {
        this.name = name;
        this.origin = origin;
        this.mode = mode;
        this.entries = List.copyOf(entries);
        this.affinity = affinity;
        // A random start, so that many proxies built from the same snapshot do not all begin with the first endpoint.
        this.cursor = new AtomicInteger(entries.isEmpty() ? 0 : ThreadLocalRandom.current().nextInt(entries.size()));
    }

    /** The table of {@code port} for traffic of {@code origin}, with states shared through {@code states}. */
    public static EndpointTable build(ServicePort port, Origin origin, TableSettings settings, EndpointStates states) {
        List<Endpoint> endpoints = endpointsFor(port, origin);
        List<EndpointState> entries = endpoints.stream().map(states::stateOf).toList();
        Optional<MaglevTable> affinity = port.policies().sessionAffinity().clientIp() && !endpoints.isEmpty()
                ? Optional.of(new MaglevTable(endpoints.stream().map(Endpoint::hostPort).toList(),
                        settings.maglevSize()))
                : Optional.empty();
        return new EndpointTable(port.name(), origin, settings.mode(), entries, affinity);
    }

    /** Cluster or Local endpoints, as kube-proxy's iptables chains choose them for this kind of traffic. */
    static List<Endpoint> endpointsFor(ServicePort port, Origin origin) {
        boolean local = switch (origin) {
            case INTERNAL -> port.isInternalPolicyLocal();
            case EXTERNAL -> port.isExternalPolicyLocal();
            case EXTERNAL_FROM_CLUSTER -> false;
        };
        return local ? port.endpoints().local() : port.endpoints().cluster();
    }

    public ServicePortName name() {
        return name;
    }

    public Origin origin() {
        return origin;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<EndpointState> entries() {
        return entries;
    }

    /**
     * The endpoints a new connection from {@code client} should try, in order, at most {@code maxAttempts}: the chosen
     * one (by affinity, else by the mode), then the next available ones in table order. Ejected endpoints are left out,
     * unless every endpoint is ejected: then all are tried, as a failing endpoint beats none. Empty when the table is.
     */
    public List<EndpointState> candidates(IpAddress client, long nowNanos, int maxAttempts) {
        List<EndpointState> available = entries.stream().filter(e -> e.health().isAvailable(nowNanos)).toList();
        List<EndpointState> pool = available.isEmpty() ? entries : available;
        if (pool.isEmpty()) {
            return List.of();
        }
        int first = firstChoice(pool, client);
        int count = Math.min(maxAttempts, pool.size());
        List<EndpointState> ordered = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ordered.add(pool.get((first + i) % pool.size()));
        }
        return ordered;
    }

    private int firstChoice(List<EndpointState> pool, IpAddress client) {
        if (affinity.isPresent()) {
            EndpointState owner = entries.get(affinity.get().lookup(client.bytes()));
            int index = pool.indexOf(owner);
            if (index >= 0) {
                return index;
            }
        }
        return switch (mode) {
            case ROUND_ROBIN -> Math.floorMod(cursor.getAndIncrement(), pool.size());
            case RANDOM -> ThreadLocalRandom.current().nextInt(pool.size());
            case LEAST_CONNECTIONS -> leastConnected(pool);
        };
    }

    /** The endpoint with the fewest open connections; ties rotate, so that an idle pool is still spread. */
    private int leastConnected(List<EndpointState> pool) {
        int start = Math.floorMod(cursor.getAndIncrement(), pool.size());
        int best = start;
        for (int i = 1; i < pool.size(); i++) {
            int index = (start + i) % pool.size();
            if (pool.get(index).activeConnections() < pool.get(best).activeConnections()) {
                best = index;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return name + " origin=" + origin + " mode=" + mode + " endpoints=" + entries.size()
                + (affinity.isPresent() ? " affinity=ClientIP" : "");
    }
}
