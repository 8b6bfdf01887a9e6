package dev.junction.bench;

import dev.junction.core.backend.Backend;
import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncOutcome;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Wraps the backend under test and notes when each sync returned, with the generation of the snapshot it applied:
 * a change made at store generation {@code g} is in the kernel once a sync of a generation >= g has returned.
 * Thread-safe: the sync loop's thread records, the benchmark's thread reads and waits.
 */
final class AppliedRecorder implements Backend {

    /** A sync that returned successfully at {@code nanoTime}. */
    record Applied(long generation, long nanoTime, SyncScope scope) {
    }

    private final Backend delegate;
    private final List<Applied> applied = new ArrayList<>();

    AppliedRecorder(Backend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String mode() {
        return delegate.mode();
    }

    @Override
    public Set<IpFamily> families() {
        return delegate.families();
    }

    @Override
    public SyncOutcome sync(SyncRequest request) throws SyncFailedException {
        SyncOutcome outcome = delegate.sync(request);
        long now = System.nanoTime();
        synchronized (this) {
            applied.add(new Applied(request.current().generation(), now, outcome.scope()));
            notifyAll();
        }
        return outcome;
    }

    /** Waits until a snapshot of at least {@code generation} is applied; false when {@code deadline} passed first. */
    synchronized boolean awaitGeneration(long generation, long deadlineNanos) throws InterruptedException {
        while (appliedGeneration() < generation) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** When the first sync covering {@code generation} returned. */
    synchronized OptionalLong appliedAt(long generation) {
        return applied.stream().filter(a -> a.generation() >= generation).mapToLong(Applied::nanoTime).findFirst();
    }

    /** The syncs that returned at or after {@code fromNanos}. */
    synchronized List<Applied> since(long fromNanos) {
        return applied.stream().filter(a -> a.nanoTime() - fromNanos >= 0).toList();
    }

    private long appliedGeneration() {
        return applied.isEmpty() ? -1 : applied.getLast().generation();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
