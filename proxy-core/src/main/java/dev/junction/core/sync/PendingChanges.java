package dev.junction.core.sync;

import dev.junction.core.snapshot.ClusterSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot taken from the store together with what changed since the previous one was taken.
 *
 * @param triggerTimes      when each change behind this snapshot was made (an EndpointSlice's
 *                          {@code last-change-trigger-time} when set, else when Junction saw it); feeds
 *                          network-programming latency once the snapshot is applied
 * @param topologyChanged   the Node's labels changed: the next sync must be full, as kube-proxy's OnTopologyChange
 */
public record PendingChanges(ClusterSnapshot snapshot, List<Instant> triggerTimes, boolean topologyChanged) {

    public PendingChanges {
        triggerTimes = List.copyOf(triggerTimes);
    }
}
