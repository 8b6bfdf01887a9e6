package dev.junction.userspace.balance;

import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePortName;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * The live state that outlives endpoint tables: the {@link EndpointState}s of every endpoint address, keyed by ip and
 * port, and the ClientIP affinity memory of every Service port, so that tables built from successive snapshots share
 * them. Thread-safe.
 */
public final class EndpointStates {

    private record Address(IpAddress ip, int port) {
        static Address of(Endpoint endpoint) {
            return new Address(endpoint.ip(), endpoint.port());
        }
    }

    private final HealthPolicy policy;
    private final ConcurrentMap<Address, EndpointState> states = new ConcurrentHashMap<>();
    private final ConcurrentMap<ServicePortName, AffinityMemory> affinities = new ConcurrentHashMap<>();

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

    /** The affinity memory of {@code name}, created on first use; {@code timeout} replaces the previous one. */
    AffinityMemory affinityOf(ServicePortName name, Duration timeout) {
        AffinityMemory memory = affinities.computeIfAbsent(name,
                key -> new AffinityMemory(timeout.toNanos(), AffinityMemory.MAX_CLIENTS));
        memory.setTimeoutNanos(timeout.toNanos());
        return memory;
    }

    /** Forgets the affinity memories of Service ports not in {@code current}, such as deleted Services. */
    public void retainAffinities(Collection<ServicePortName> current) {
        Set<ServicePortName> keep = Set.copyOf(current);
        affinities.keySet().removeIf(name -> !keep.contains(name));
    }

    public int size() {
        return states.size();
    }
}
