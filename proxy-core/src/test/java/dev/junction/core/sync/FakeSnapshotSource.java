package dev.junction.core.sync;

import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A store stand-in: each {@link #change} yields a new snapshot generation and notifies the listener. */
final class FakeSnapshotSource implements SnapshotSource {

    static final String NODE = "node-a";

    private volatile boolean synced;
    private volatile Runnable listener = () -> { };
    private List<ServicePort> ports = List.of();
    private long generation;
    private final List<Instant> triggerTimes = new ArrayList<>();
    private boolean topologyChanged;

    /** The initial list completed. */
    void markSynced() {
        synced = true;
        listener.run();
    }

    /** The cluster changed at {@code triggerTime}; the new state has {@code servicePorts}. */
    void change(List<ServicePort> servicePorts, Instant triggerTime) {
        synchronized (this) {
            ports = List.copyOf(servicePorts);
            generation++;
            triggerTimes.add(triggerTime);
        }
        listener.run();
    }

    /** The Node's labels changed. */
    void changeTopology() {
        synchronized (this) {
            generation++;
            topologyChanged = true;
        }
        listener.run();
    }

    @Override
    public boolean isSynced() {
        return synced;
    }

    @Override
    public synchronized PendingChanges takeSnapshot() {
        var changes = new PendingChanges(new ClusterSnapshot(NODE, Optional.empty(), ports, generation),
                triggerTimes, topologyChanged);
        triggerTimes.clear();
        topologyChanged = false;
        return changes;
    }

    @Override
    public void onChange(Runnable listener) {
        this.listener = listener;
    }
}
