package dev.junction.userspace.balance;

import dev.junction.core.config.BalanceMode;
import dev.junction.core.model.SessionAffinity;
import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import java.time.Duration;
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
 * <p>ClientIP affinity follows kube-proxy's {@code sessionAffinityConfig.clientIP.timeoutSeconds}: an
 * {@link AffinityMemory} shared by the tables of successive snapshots remembers the endpoint each client last reached,
 * and a client returns to it while it is still in the table and less than the timeout has passed since the client's
 * last connection, even when endpoints were added. A client seen for the first time, or again after the timeout, or
 * whose endpoint went away, gets the owner of its address in a {@link MaglevTable} over the endpoints' {@code ip:port}:
 * proxies on every node agree on it without talking, and an endpoint change moves few clients.
 */
public final class EndpointTable {

    private final ServicePortName name;
    private final Origin origin;
    private final BalanceMode mode;
    private final List<EndpointState> entries;
    private final Optional<MaglevTable> affinity;
    private final Optional<AffinityMemory> memory;
    private final AtomicInteger cursor;

    private EndpointTable(ServicePortName name, Origin origin, BalanceMode mode, List<EndpointState> entries,
            Optional<MaglevTable> affinity, Optional<AffinityMemory> memory) {
        this.name = name;
        this.origin = origin;
        this.mode = mode;
        this.entries = List.copyOf(entries);
        this.affinity = affinity;
        this.memory = memory;
        // A random start, so that many proxies built from the same snapshot do not all begin with the first endpoint.
        this.cursor = new AtomicInteger(entries.isEmpty() ? 0 : ThreadLocalRandom.current().nextInt(entries.size()));
    }

    /** The table of {@code port} for traffic of {@code origin}, with states shared through {@code states}. */
    public static EndpointTable build(ServicePort port, Origin origin, TableSettings settings, EndpointStates states) {
        List<Endpoint> endpoints = endpointsFor(port, origin);
        List<EndpointState> entries = endpoints.stream().map(states::stateOf).toList();
        SessionAffinity sessionAffinity = port.policies().sessionAffinity();
        if (!sessionAffinity.clientIp() || endpoints.isEmpty()) {
            return new EndpointTable(port.name(), origin, settings.mode(), entries, Optional.empty(),
                    Optional.empty());
        }
        MaglevTable maglev = new MaglevTable(endpoints.stream().map(Endpoint::hostPort).toList(),
                settings.maglevSize());
        AffinityMemory memory = states.affinityOf(port.name(),
                Duration.ofSeconds(sessionAffinity.timeoutSeconds()));
        return new EndpointTable(port.name(), origin, settings.mode(), entries, Optional.of(maglev),
                Optional.of(memory));
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
     * one (with ClientIP affinity the remembered one, else the Maglev owner; without, by the mode), then the next
     * available ones in table order. Ejected endpoints are left out, unless every endpoint is ejected: then all are
     * tried, as a failing endpoint beats none. Empty when the table is.
     */
    public List<EndpointState> candidates(IpAddress client, long nowNanos, int maxAttempts) {
        List<EndpointState> available = entries.stream().filter(e -> e.health().isAvailable(nowNanos)).toList();
        List<EndpointState> pool = available.isEmpty() ? entries : available;
        if (pool.isEmpty()) {
            return List.of();
        }
        int first = firstChoice(pool, client, nowNanos);
        int count = Math.min(maxAttempts, pool.size());
        List<EndpointState> ordered = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ordered.add(pool.get((first + i) % pool.size()));
        }
        return ordered;
    }

    /**
     * Records that a connection (or UDP flow) from {@code client} reached {@code endpoint}, so that with ClientIP
     * affinity the client's next connections within the timeout return to it; nothing without affinity.
     */
    public void recordChoice(IpAddress client, EndpointState endpoint, long nowNanos) {
        memory.ifPresent(m -> m.remember(client, endpoint, nowNanos));
    }

    private int firstChoice(List<EndpointState> pool, IpAddress client, long nowNanos) {
        int remembered = memory.flatMap(m -> m.recall(client, nowNanos)).map(pool::indexOf).orElse(-1);
        if (remembered >= 0) {
            return remembered;
        }
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
