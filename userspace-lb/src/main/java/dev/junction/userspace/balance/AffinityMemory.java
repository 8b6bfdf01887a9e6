package dev.junction.userspace.balance;

import dev.junction.core.net.IpAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which endpoint each client of one Service port last reached, for {@code sessionAffinityConfig.clientIP.timeoutSeconds}:
 * kube-proxy's {@code recent} lists, where each new connection to an endpoint refreshes the client's entry and a
 * client unseen for the timeout is forgotten. Shared by the tables of successive snapshots (through
 * {@link EndpointStates}), so a client keeps its endpoint across endpoint changes as long as the endpoint still exists.
 *
 * <p>Bounded: beyond {@link #MAX_CLIENTS} the least recently seen client is forgotten early; it then gets the Maglev
 * owner again, which is usually the same endpoint. Time is an injected ticker in nanoseconds. Thread-safe: connections
 * on any event loop use it.
 */
final class AffinityMemory {

    static final int MAX_CLIENTS = 65_536;

    private record Entry(EndpointState endpoint, long lastSeenNanos) {
    }

    /** In order of last connection, oldest first, so that expiry looks only at the head. */
    private final LinkedHashMap<IpAddress, Entry> clients = new LinkedHashMap<>();
    private final int maxClients;
    private long timeoutNanos;

    AffinityMemory(long timeoutNanos, int maxClients) {
        this.timeoutNanos = timeoutNanos;
        this.maxClients = maxClients;
    }

    /** A Service's new timeout applies to the clients already remembered, as kube-proxy's rewritten rules do. */
    synchronized void setTimeoutNanos(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** The endpoint {@code client} last reached, if that was less than the timeout before {@code nowNanos}. */
    synchronized Optional<EndpointState> recall(IpAddress client, long nowNanos) {
        expire(nowNanos);
        Entry entry = clients.get(client);
        return entry == null ? Optional.empty() : Optional.of(entry.endpoint());
    }

    /** Records that {@code client} reached {@code endpoint} at {@code nowNanos}, restarting its timeout. */
    synchronized void remember(IpAddress client, EndpointState endpoint, long nowNanos) {
        clients.remove(client);
        clients.put(client, new Entry(endpoint, nowNanos));
        if (clients.size() > maxClients) {
            Iterator<IpAddress> oldest = clients.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        expire(nowNanos);
    }

    synchronized int size() {
        return clients.size();
    }

    private void expire(long nowNanos) {
        Iterator<Map.Entry<IpAddress, Entry>> oldest = clients.entrySet().iterator();
        while (oldest.hasNext() && nowNanos - oldest.next().getValue().lastSeenNanos() >= timeoutNanos) {
            oldest.remove();
        }
    }
}
