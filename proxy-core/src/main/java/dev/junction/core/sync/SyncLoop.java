package dev.junction.core.sync;

import dev.junction.core.backend.Backend;
import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncOutcome;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.metrics.NoLocalEndpointsGauge;
import dev.junction.core.snapshot.ClusterSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the store's snapshots to a backend on one dedicated thread, {@value #THREAD_NAME}, at the pace of
 * kube-proxy's {@code BoundedFrequencyRunner} (see {@link SyncSchedule} for the rules and {@link SyncTiming} for
 * the knobs). Requests from any thread are non-blocking and coalesced; at most one sync is in flight; a failed sync
 * (a {@link SyncFailedException} or any other runtime exception) is logged, counted and retried fully after a
 * backoff, and never ends the thread.
 *
 * <p>The loop owns the applied state: the last applied snapshot, and the trigger times of changes not yet applied,
 * kept across failed syncs and reported as network-programming latency once a sync succeeds. It reports queued and
 * applied updates to {@link ProxyHealth} and kube-proxy's sync metrics per IP family of the backend.
 *
 * <p>The source must invoke its change listener when it becomes synced; until then the loop also polls
 * {@link SnapshotSource#isSynced()} every retry interval.
 */
public final class SyncLoop implements AutoCloseable {

    static final String THREAD_NAME = "junction-sync";

    private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);

    private final SnapshotSource source;
    private final Backend backend;
    private final ProxyHealth health;
    private final SyncMetrics metrics;
    private final NoLocalEndpointsGauge noLocalEndpoints;
    private final Clock clock;
    private final Ticker ticker;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final SyncSchedule schedule;
    private Thread thread;
    private boolean stopping;

    /** Written by the sync thread only. */
    private final List<Instant> unappliedTriggerTimes = new ArrayList<>();
    private volatile Optional<ClusterSnapshot> lastApplied = Optional.empty();

    /** A loop on the system clocks. Registers its meters in {@code registry} at once; {@link #start()} starts it. */
    public SyncLoop(SnapshotSource source, Backend backend, SyncTiming timing, ProxyHealth health,
            MeterRegistry registry) {
        this(source, backend, timing, health, registry, Clock.systemUTC(), Ticker.SYSTEM);
    }

    SyncLoop(SnapshotSource source, Backend backend, SyncTiming timing, ProxyHealth health, MeterRegistry registry,
            Clock clock, Ticker ticker) {
        this.source = source;
        this.backend = backend;
        this.health = health;
        this.metrics = new SyncMetrics(registry, backend.families());
        this.noLocalEndpoints = new NoLocalEndpointsGauge(registry, backend.families());
        this.clock = clock;
        this.ticker = ticker;
        this.schedule = new SyncSchedule(timing, ticker.read());
    }

    /**
     * Subscribes to the source and starts the sync thread. The first sync, FULL, runs once the source has synced.
     *
     * @throws IllegalStateException when already started or stopped
     */
    public void start() {
        lock.lock();
        try {
            if (thread != null || stopping) {
                throw new IllegalStateException("sync loop mode=" + backend.mode() + " was already started or stopped");
            }
            thread = Thread.ofPlatform().name(THREAD_NAME).unstarted(this::loop);
        } finally {
            lock.unlock();
        }
        // As kube-proxy's SyncLoop: healthy from the start, so that a slow first sync is judged by its queue time.
        backend.families().forEach(health::updated);
        metrics.queued(clock.instant());
        source.onChange(this::requestSync);
        thread.start();
        log.info("sync loop started mode={} families={}", backend.mode(), backend.families());
    }

    /** Asks for a sync soon. Non-blocking, callable from any thread; many requests before a sync cause one. */
    public void requestSync() {
        request(SyncSchedule::requestSync);
    }

    /**
     * Asks for a FULL sync soon, for instance because a canary shows that someone flushed the rules. Non-blocking,
     * callable from any thread.
     */
    public void requestFullSync() {
        request(SyncSchedule::requestFullSync);
    }

    /**
     * The snapshot of the last successful sync, empty before the first; callable from any thread. Health and metrics
     * reflect a sync by the time its snapshot shows here.
     */
    public Optional<ClusterSnapshot> lastApplied() {
        return lastApplied;
    }

    /**
     * Lets a sync in flight finish, then ends the thread and waits for it. Idempotent; the loop cannot be restarted.
     * The backend stays open: whoever created it closes it.
     */
    public void stop() {
        Thread running;
        lock.lock();
        try {
            stopping = true;
            wakeUp.signalAll();
            running = thread;
        } finally {
            lock.unlock();
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void request(Consumer<SyncSchedule> kind) {
        lock.lock();
        try {
            kind.accept(schedule);
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
        // kube-proxy only queues once its informers have synced (Proxier.Sync is not called before).
        if (source.isSynced()) {
            metrics.queued(clock.instant());
            backend.families().forEach(health::queuedUpdate);
        }
    }

    private void loop() {
        for (Optional<SyncScope> scope = awaitTurn(); scope.isPresent(); scope = awaitTurn()) {
            sync(scope.get());
        }
        log.info("sync loop stopped mode={}", backend.mode());
    }

    /** Blocks until the schedule says run, or returns empty once stopping. */
    private Optional<SyncScope> awaitTurn() {
        lock.lock();
        try {
            while (!stopping) {
                SyncSchedule.Decision decision = schedule.next(ticker.read(), source.isSynced());
                switch (decision) {
                    case SyncSchedule.Run run -> {
                        return Optional.of(run.scope());
                    }
                    case SyncSchedule.Wait wait -> wakeUp.awaitNanos(wait.untilNanos() - ticker.read());
                }
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    private void sync(SyncScope planned) {
        long start = ticker.read();
        SyncScope scope = planned;
        try {
            PendingChanges changes = source.takeSnapshot();
            unappliedTriggerTimes.addAll(changes.triggerTimes());
            scope = changes.topologyChanged() ? SyncScope.FULL : planned;
            SyncOutcome outcome = backend.sync(new SyncRequest(changes.snapshot(), lastApplied, scope));
            succeeded(changes.snapshot(), outcome, start);
        } catch (SyncFailedException | RuntimeException e) {
            failed(scope, start, e);
        }
    }

    private void succeeded(ClusterSnapshot applied, SyncOutcome outcome, long start) {
        long end = ticker.read();
        lock.lock();
        try {
            schedule.succeeded(end, outcome.scope());
        } finally {
            lock.unlock();
        }
        Duration took = Duration.ofNanos(end - start);
        metrics.synced(outcome.scope(), took, clock.instant(), unappliedTriggerTimes);
        unappliedTriggerTimes.clear();
        noLocalEndpoints.update(applied);
        backend.families().forEach(health::updated);
        log.debug("sync done mode={} scope={} services={} took={}ms",
                backend.mode(), outcome.scope(), outcome.servicesWritten(), took.toMillis());
        // Published last: once a reader sees the snapshot, health and metrics already account for it.
        lastApplied = Optional.of(applied);
    }

    private void failed(SyncScope scope, long start, Exception cause) {
        long end = ticker.read();
        long retryDelay;
        lock.lock();
        try {
            retryDelay = schedule.failed(end);
        } finally {
            lock.unlock();
        }
        Duration took = Duration.ofNanos(end - start);
        metrics.failed(scope, took);
        log.error("sync failed mode={} scope={} took={}ms retryWithin={}ms, the retry is a full sync",
                backend.mode(), scope, took.toMillis(), Duration.ofNanos(retryDelay).toMillis(), cause);
    }
}
