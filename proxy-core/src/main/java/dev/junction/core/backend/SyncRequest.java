package dev.junction.core.backend;

import dev.junction.core.snapshot.ClusterSnapshot;
import java.util.Optional;

/**
 * One sync: the snapshot to apply, the one applied last (absent before the first success), and the scope the loop
 * asks for. A backend may widen PARTIAL to FULL (and says so in its {@link SyncOutcome}), never the reverse.
 */
public record SyncRequest(ClusterSnapshot current, Optional<ClusterSnapshot> lastApplied, SyncScope scope) {

    public SyncRequest {
        if (scope == SyncScope.PARTIAL && lastApplied.isEmpty()) {
            throw new IllegalArgumentException("a partial sync needs the last applied snapshot");
        }
    }
}
