package dev.junction.userspace.balance;

import dev.junction.core.snapshot.Endpoint;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live state of one endpoint address: its open connections and passive health. It outlives endpoint tables, so a
 * new snapshot keeps the counts that least-connections reads and the ejections passive health decided.
 */
public final class EndpointState {

    private final Endpoint endpoint;
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final PassiveHealth health;

    EndpointState(Endpoint endpoint, HealthPolicy policy) {
        this.endpoint = endpoint;
        this.health = new PassiveHealth(policy);
    }

    /** The endpoint as the snapshot that first named this address described it. */
    public Endpoint endpoint() {
        return endpoint;
    }

    public PassiveHealth health() {
        return health;
    }

    public int activeConnections() {
        return activeConnections.get();
    }

    public void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    @Override
    public String toString() {
        return endpoint.hostPort() + " active=" + activeConnections.get();
    }
}
