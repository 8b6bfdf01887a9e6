package dev.junction.userspace.balance;

import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * The {@link EndpointState}s of every endpoint address, keyed by ip and port so that tables built from successive
 * snapshots share them. Thread-safe.
 */
public final class EndpointStates {

    private record Address(IpAddress ip, int port) {
        static Address of(Endpoint endpoint) {
            return new Address(endpoint.ip(), endpoint.port());
        }
    }

    private final HealthPolicy policy;
    private final ConcurrentMap<Address, EndpointState> states = new ConcurrentHashMap<>();

    public EndpointStates(HealthPolicy policy) {
        this.policy = policy;
    }

    public EndpointState stateOf(Endpoint endpoint) {
        return states.computeIfAbsent(Address.of(endpoint), address -> new EndpointState(endpoint, policy));
    }

    /**
     * Forgets the addresses not in {@code current} that have no open connection; draining ones are kept until a later
     * call finds them idle.
     */
    public void retain(Collection<Endpoint> current) {
        Set<Address> keep = current.stream().map(Address::of).collect(Collectors.toSet());
        states.entrySet().removeIf(entry -> !keep.contains(entry.getKey())
                && entry.getValue().activeConnections() == 0);
    }

    public int size() {
        return states.size();
    }
}
