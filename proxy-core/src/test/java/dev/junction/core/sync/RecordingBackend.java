package dev.junction.core.sync;

import dev.junction.core.backend.Backend;
import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncOutcome;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.net.IpFamily;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A backend that records every request, fails when told to, and can hold a sync in flight until released. */
final class RecordingBackend implements Backend {

    private final Set<IpFamily> families;
    private final List<SyncRequest> requests = new CopyOnWriteArrayList<>();
    private final Queue<Exception> failures = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean closed;

    RecordingBackend(Set<IpFamily> families) {
        this.families = families;
    }

    /** The next sync throws {@code failure}: a {@link SyncFailedException} or a runtime exception. */
    void failNext(Exception failure) {
        failures.add(failure);
    }

    /** Syncs from now on block until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    List<SyncRequest> requests() {
        return List.copyOf(requests);
    }

    SyncRequest last() {
        return requests.getLast();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String mode() {
        return "recording";
    }

    @Override
    public Set<IpFamily> families() {
        return families;
    }

    @Override
    public SyncOutcome sync(SyncRequest request) throws SyncFailedException {
        requests.add(request);
        awaitRelease();
        Exception failure = failures.poll();
        if (failure instanceof SyncFailedException syncFailed) {
            throw syncFailed;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        return new SyncOutcome(request.scope(), request.current().byService().size());
    }

    @Override
    public void close() {
        closed = true;
    }

    private void awaitRelease() {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a held sync was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
    }
}
