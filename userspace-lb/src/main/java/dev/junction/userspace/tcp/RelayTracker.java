package dev.junction.userspace.tcp;

import dev.junction.core.snapshot.Endpoint;

/**
 * Learns which endpoint each connection of a listener relays to, for example to drain the connections of an endpoint
 * that went away. Called from the event loops; implementations must be thread-safe.
 */
public interface RelayTracker {

    /** Tracks nothing. */
    RelayTracker NONE = new RelayTracker() {
        @Override
        public void started(Endpoint endpoint, RelayedConnection connection) {
        }

        @Override
        public void ended(Endpoint endpoint, RelayedConnection connection) {
        }
    };

    /** {@code connection} relays to {@code endpoint} from now on. */
    void started(Endpoint endpoint, RelayedConnection connection);

    /** {@code connection}, reported by {@link #started}, has closed. */
    void ended(Endpoint endpoint, RelayedConnection connection);
}
