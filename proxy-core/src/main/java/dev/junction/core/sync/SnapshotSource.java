package dev.junction.core.sync;

/**
 * What the sync loop reads from: the store. Implementations are thread-safe; {@link #takeSnapshot()} is called only
 * from the sync loop's thread.
 */
public interface SnapshotSource {

    /** True once every source has completed its initial list; nothing is applied before. */
    boolean isSynced();

    /** Builds a snapshot of the current state and hands over (and forgets) the changes seen since the last call. */
    PendingChanges takeSnapshot();

    /** Registers the one callback invoked (non-blocking, from any thread) whenever the state changes. */
    void onChange(Runnable listener);
}
