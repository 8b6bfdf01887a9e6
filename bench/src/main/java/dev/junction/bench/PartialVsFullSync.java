package dev.junction.bench;

import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.SnapshotDiff;
import dev.junction.core.store.ObjectStore;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent;
import dev.junction.iptables.apply.IptablesBackend;
import dev.junction.iptables.apply.IptablesFlavor;
import dev.junction.iptables.apply.ProcessIptables;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.IptablesCompiler;
import dev.junction.iptables.compile.RulesetRenderer;
import dev.junction.iptables.compile.ServiceSelection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scenario b: after one endpoint of one Service moved, a PARTIAL sync through {@link IptablesBackend} against its
 * peer, a FULL sync of the same change, both into a namespace already holding the whole cluster. The syncs alternate
 * between the two snapshots, so every timed sync applies exactly one moved endpoint.
 */
final class PartialVsFullSync {

    /**
     * The timings, and whether the kernel held the moved endpoint after a partial sync. Three parts of a partial
     * sync are also timed on their own: compiling and rendering its restore input in the JVM; the canary check of the
     * nat table ({@code iptables -t nat -S KUBE-PROXY-CANARY 1}, one of the three checks every partial sync runs);
     * and {@code iptables-restore} of the partial input alone.
     */
    record Result(int services, Duration firstFull, Samples partial, Samples full, boolean verified,
            Samples partialCompile, Samples natCanaryCheck, Samples partialRestore) {
    }

    private static final int PART_RUNS = 20;
    private static final CompilerOptions OPTIONS = CompilerOptions.builder().randomFully(true).build();

    private final BenchSettings settings;
    private final NetworkNamespaces namespaces;

    PartialVsFullSync(BenchSettings settings, NetworkNamespaces namespaces) {
        this.settings = settings;
        this.namespaces = namespaces;
    }

    Result run() throws Exception {
        SyntheticCluster cluster = new SyntheticCluster(settings.syncServices(), settings.endpointsPerService());
        ObjectStore store = new ObjectStore(SyntheticCluster.NODE, new SimpleMeterRegistry(), Clock.systemUTC());
        cluster.load(store);
        ClusterSnapshot before = store.takeSnapshot().snapshot();
        int changed = cluster.services() / 2;
        store.accept(new WatchEvent.Upserted(ResourceKind.ENDPOINT_SLICE, cluster.slice(changed, 1)));
        ClusterSnapshot after = store.takeSnapshot().snapshot();
        Set<ObjectRef> diff = SnapshotDiff.changedServices(before, after);
        if (diff.size() != 1) {
            throw new IllegalStateException("moving one endpoint changed Services " + diff + " (expected: one)");
        }
        String ns = namespaces.create("sync");
        try (IptablesBackend backend = BenchBackends.legacyIn(ns, new SimpleMeterRegistry())) {
            Duration firstFull = Stopwatch.time(
                    () -> backend.sync(new SyncRequest(before, Optional.empty(), SyncScope.FULL)));
            return alternate(backend, before, after, firstFull, cluster.movedAddress(changed, 1), ns);
        } finally {
            namespaces.delete(ns);
        }
    }

    private Result alternate(IptablesBackend backend, ClusterSnapshot before, ClusterSnapshot after,
            Duration firstFull, String movedAddress, String ns) throws Exception {
        List<Duration> partial = new ArrayList<>();
        List<Duration> full = new ArrayList<>();
        boolean verified = false;
        for (int i = 0; i < settings.kernelRuns(); i++) {
            partial.add(Stopwatch.time(
                    () -> backend.sync(new SyncRequest(after, Optional.of(before), SyncScope.PARTIAL))));
            if (i == 0) {
                verified = natRules(ns).contains("--to-destination " + movedAddress + ":8080");
            }
            full.add(Stopwatch.time(
                    () -> backend.sync(new SyncRequest(before, Optional.of(after), SyncScope.FULL))));
        }
        return new Result(settings.syncServices(), firstFull, new Samples(partial), new Samples(full), verified,
                partialCompile(before, after), natCanaryCheck(ns), partialRestore(before, after, ns));
    }

    private static String partialInput(ClusterSnapshot before, ClusterSnapshot after) {
        ServiceSelection selection = ServiceSelection.only(SnapshotDiff.changedServices(before, after));
        return new RulesetRenderer().render(new IptablesCompiler().compile(after, IpFamily.IPV4, OPTIONS, selection))
                .text();
    }

    private static Samples partialCompile(ClusterSnapshot before, ClusterSnapshot after) throws Exception {
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < PART_RUNS; i++) {
            times.add(Stopwatch.time(() -> partialInput(before, after)));
        }
        return new Samples(times);
    }

    private Samples natCanaryCheck(String ns) throws Exception {
        ProcessIptables iptables = legacy(ns);
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < settings.kernelRuns(); i++) {
            times.add(Stopwatch.time(() -> iptables.chainExists(IpFamily.IPV4, "nat", "KUBE-PROXY-CANARY")));
        }
        return new Samples(times);
    }

    /** Re-applies one partial sync's input: the same text each time, into the namespace holding the whole cluster. */
    private Samples partialRestore(ClusterSnapshot before, ClusterSnapshot after, String ns) throws Exception {
        ProcessIptables iptables = legacy(ns);
        String input = partialInput(before, after);
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < settings.kernelRuns(); i++) {
            times.add(Stopwatch.time(() -> iptables.restore(IpFamily.IPV4, input)));
        }
        return new Samples(times);
    }

    private static ProcessIptables legacy(String ns) {
        return ProcessIptables.inNetworkNamespace(IptablesFlavor.LEGACY, Duration.ofMinutes(5), ns);
    }

    private static String natRules(String ns) throws Exception {
        return legacy(ns).save(IpFamily.IPV4, "nat");
    }
}
