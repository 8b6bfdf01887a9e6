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
     * The timings, and whether the kernel held the moved endpoint after a partial sync. Two parts of a partial sync
     * are timed on their own: compiling and rendering its restore input in the JVM, and running one iptables process
     * in the namespace (a partial sync runs four: three canary checks and the restore).
     */
    record Result(int services, Duration firstFull, Samples partial, Samples full, boolean verified,
            Samples partialCompile, Samples oneProcess) {
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
                partialCompile(before, after), oneProcess(ns));
    }

    private static Samples partialCompile(ClusterSnapshot before, ClusterSnapshot after) throws Exception {
        IptablesCompiler compiler = new IptablesCompiler();
        RulesetRenderer renderer = new RulesetRenderer();
        ServiceSelection selection = ServiceSelection.only(SnapshotDiff.changedServices(before, after));
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < PART_RUNS; i++) {
            times.add(Stopwatch.time(
                    () -> renderer.render(compiler.compile(after, IpFamily.IPV4, OPTIONS, selection))));
        }
        return new Samples(times);
    }

    private static Samples oneProcess(String ns) throws Exception {
        ProcessIptables iptables = ProcessIptables.inNetworkNamespace(IptablesFlavor.LEGACY, Duration.ofMinutes(1), ns);
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < PART_RUNS; i++) {
            times.add(Stopwatch.time(() -> iptables.chainExists(IpFamily.IPV4, "nat", "KUBE-PROXY-CANARY")));
        }
        return new Samples(times);
    }

    private static String natRules(String ns) throws Exception {
        return ProcessIptables.inNetworkNamespace(IptablesFlavor.LEGACY, Duration.ofMinutes(1), ns)
                .save(IpFamily.IPV4, "nat");
    }
}
