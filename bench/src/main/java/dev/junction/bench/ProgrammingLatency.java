package dev.junction.bench;

import dev.junction.core.backend.SyncScope;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.metrics.ProxyMeters;
import dev.junction.core.store.ObjectStore;
import dev.junction.core.sync.SyncLoop;
import dev.junction.core.sync.SyncTiming;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario c: the whole path of an endpoint change, from the watch event entering the {@link ObjectStore} to
 * {@code iptables-restore} returning, through the real {@link SyncLoop} (minSyncPeriod 0) and iptables backend in a
 * namespace holding the whole cluster. Single-endpoint changes arrive at a steady rate for a bounded time after a
 * warm-up; the latency of each is measured directly, and the sync loop's own
 * {@code kubeproxy_network_programming_duration_seconds} histogram is read back as a cross-check.
 */
final class ProgrammingLatency {

    /** One change: the store generation it produced and when it entered the store. */
    record Change(long generation, long nanoTime) {
    }

    /**
     * @param offsetsMillis  when each measured change was made, from the start of the measured phase
     * @param latencies      each measured change's latency, in the same order
     * @param histogramCount the sync loop's histogram: changes it recorded in the measured phase
     * @param histogramUnder1s of those, how many fell in the buckets up to 1 s
     */
    record Result(String mode, int services, Duration syncPeriod, double rate, List<Long> offsetsMillis, List<Duration> latencies,
            long partialSyncs, long fullSyncs, long histogramCount, long histogramUnder1s) {

        Samples samples() {
            return new Samples(latencies);
        }
    }

    private static final Duration FIRST_SYNC_DEADLINE = Duration.ofMinutes(5);
    private static final Duration DRAIN_DEADLINE = Duration.ofSeconds(30);

    private final BenchSettings settings;
    private final NetworkNamespaces namespaces;

    ProgrammingLatency(BenchSettings settings, NetworkNamespaces namespaces) {
        this.settings = settings;
        this.namespaces = namespaces;
    }

    Result run(String mode, Duration syncPeriod) throws Exception {
        SyntheticCluster cluster = new SyntheticCluster(settings.latencyServices(), settings.endpointsPerService());
        MeterRegistry registry = new SimpleMeterRegistry();
        ObjectStore store = new ObjectStore(SyntheticCluster.NODE, registry, Clock.systemUTC());
        cluster.load(store);
        long loaded = store.state().version();
        SyncTiming timing = SyncTiming.of(Duration.ZERO, syncPeriod);
        String ns = namespaces.create("latency");
        try (AppliedRecorder recorder = new AppliedRecorder(BenchBackends.in(mode, ns, registry));
                SyncLoop loop = new SyncLoop(store, recorder, timing,
                        new ProxyHealth(Clock.systemUTC(), timing.healthTimeout()), registry)) {
            loop.start();
            await(recorder, loaded, FIRST_SYNC_DEADLINE, "the first full sync");
            Driver driver = new Driver(cluster, store, loaded);
            driver.drive(settings.latencyWarmUp());
            await(recorder, driver.generation, DRAIN_DEADLINE, "the warm-up changes");
            return measure(mode, driver, recorder, loop, registry, syncPeriod);
        } finally {
            namespaces.delete(ns);
        }
    }

    private Result measure(String mode, Driver driver, AppliedRecorder recorder, SyncLoop loop, MeterRegistry registry,
            Duration syncPeriod) throws Exception {
        awaitPublished(loop, driver.generation);
        long[] before = histogram(registry);
        long start = System.nanoTime();
        List<Change> changes = driver.drive(settings.latencyDuration());
        await(recorder, driver.generation, DRAIN_DEADLINE, "the measured changes");
        awaitPublished(loop, driver.generation);
        long[] after = histogram(registry);
        List<Long> offsets = new ArrayList<>();
        List<Duration> latencies = new ArrayList<>();
        for (Change change : changes) {
            offsets.add(TimeUnit.NANOSECONDS.toMillis(change.nanoTime() - start));
            latencies.add(Duration.ofNanos(recorder.appliedAt(change.generation()).orElseThrow() - change.nanoTime()));
        }
        List<AppliedRecorder.Applied> syncs = recorder.since(start);
        long full = syncs.stream().filter(a -> a.scope() == SyncScope.FULL).count();
        return new Result(mode, settings.latencyServices(), syncPeriod, settings.latencyRate(), offsets, latencies,
                syncs.size() - full, full, after[0] - before[0], after[1] - before[1]);
    }

    private static void await(AppliedRecorder recorder, long generation, Duration deadline, String what)
            throws InterruptedException {
        if (!recorder.awaitGeneration(generation, System.nanoTime() + deadline.toNanos())) {
            throw new IllegalStateException(what + " (store generation " + generation + ") not applied within "
                    + deadline.toSeconds() + "s");
        }
    }

    /**
     * Waits (bounded) until the loop has published the sync of {@code generation}: it records its metrics after the
     * backend returns and publishes the snapshot last, so the histogram then counts every change up to it.
     */
    private static void awaitPublished(SyncLoop loop, long generation) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_DEADLINE.toNanos();
        while (loop.lastApplied().map(s -> s.generation() < generation).orElse(true)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("sync loop did not publish generation " + generation + " within "
                        + DRAIN_DEADLINE.toSeconds() + "s");
            }
            Thread.sleep(1);
        }
    }

    /** {count, count within 1 s} of the sync loop's IPv4 network programming histogram. */
    private static long[] histogram(MeterRegistry registry) {
        Timer timer = registry.get(ProxyMeters.NETWORK_PROGRAMMING_DURATION.meterName())
                .tag("ip_family", "IPv4").timer();
        long within = 0;
        for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
            if (bucket.bucket(TimeUnit.SECONDS) == 1.0) {
                within = (long) bucket.count();
            }
        }
        return new long[] {timer.count(), within};
    }

    /** Makes single-endpoint changes at the configured rate; the benchmark thread is the store's only writer. */
    private final class Driver {
        private final SyntheticCluster cluster;
        private final ObjectStore store;
        private final int[] moves;
        private long generation;
        private long sequence;

        Driver(SyntheticCluster cluster, ObjectStore store, long generation) {
            this.cluster = cluster;
            this.store = store;
            this.moves = new int[cluster.services()];
            this.generation = generation;
        }

        List<Change> drive(Duration length) {
            long period = (long) (1e9 / settings.latencyRate());
            long start = System.nanoTime();
            List<Change> changes = new ArrayList<>();
            for (long due = start; due - start < length.toNanos(); due += period) {
                int service = (int) (sequence++ * 7_919 % cluster.services());
                moves[service] = moves[service] == 1 ? 2 : 1;
                EndpointSlice slice = cluster.slice(service, moves[service]);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                long made = System.nanoTime();
                store.accept(new WatchEvent.Upserted(ResourceKind.ENDPOINT_SLICE, slice));
                changes.add(new Change(++generation, made));
            }
            if (store.state().version() != generation) {
                throw new IllegalStateException("store generation " + store.state().version() + " after "
                        + changes.size() + " changes (expected: " + generation + "; a change was a no-op)");
            }
            return changes;
        }
    }
}
