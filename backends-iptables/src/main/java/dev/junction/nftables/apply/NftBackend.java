package dev.junction.nftables.apply;

import dev.junction.core.backend.Backend;
import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncOutcome;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.health.ServiceHealthServer;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.SnapshotDiff;
import dev.junction.iptables.apply.AfterSync;
import dev.junction.iptables.apply.CompilerOptionsSource;
import dev.junction.iptables.apply.UdpChanges;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.ServiceSelection;
import dev.junction.nftables.compile.NftChain;
import dev.junction.nftables.compile.NftCompiler;
import dev.junction.nftables.compile.NftElement;
import dev.junction.nftables.compile.NftRuleset;
import dev.junction.nftables.compile.NftSyncPlan;
import dev.junction.nftables.compile.NftTransaction;
import dev.junction.nftables.compile.ServiceObjects;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --proxy-mode nftables}: compiles each snapshot into kube-proxy's {@code kube-proxy} table and applies it with
 * one {@code nft -f} transaction per IP family.
 *
 * <p>A full sync rewrites the table's rules and maps in one transaction (affinity sets keep their clients). A partial
 * sync writes only the difference for the Services that changed: a moved endpoint is a few map elements and one or two
 * chains, whatever the table's size, which is what keeps network programming fast at tens of thousands of Services.
 * Chains that fall out of use are emptied at once and deleted by a later sync, at least a second on (see
 * {@link NftSyncPlan}). A failed transaction changes nothing; the sync loop retries with a full sync. Called only from
 * the sync loop's thread.
 */
public final class NftBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(NftBackend.class);
    /** kube-proxy waits this long before deleting a chain a map element pointed to (kernels before 6.2). */
    private static final Duration STALE_CHAIN_GRACE = Duration.ofSeconds(1);

    private final Nft nft;
    private final Set<IpFamily> families;
    private final CompilerOptionsSource options;
    private final NftMeters meters;
    private final AfterSync afterSync;
    private final Clock clock;
    private final TableMonitor monitor;
    private final NftCompiler compiler = new NftCompiler();
    private final Map<IpFamily, Map<ObjectRef, ServiceObjects>> appliedServices = new EnumMap<>(IpFamily.class);
    private final Map<IpFamily, List<NftElement>> appliedTopElements = new EnumMap<>(IpFamily.class);
    private final Map<IpFamily, Map<NftElement.Identity, Integer>> sharedCounts = new EnumMap<>(IpFamily.class);
    private final Map<IpFamily, CompilerOptions> appliedOptions = new EnumMap<>(IpFamily.class);
    private final Map<IpFamily, Map<String, Instant>> staleChains = new EnumMap<>(IpFamily.class);

    /**
     * @param afterSync        conntrack cleanup (after syncs that changed UDP endpoints) and the health-check
     *                         servers (after every sync); closed with this backend
     * @param requestFullSync  asks the sync loop for a full sync, from the table monitor's thread
     */
    public NftBackend(Nft nft, Set<IpFamily> families, CompilerOptionsSource options, MeterRegistry registry,
            AfterSync afterSync, Clock clock, Runnable requestFullSync) {
        this.nft = nft;
        this.families = Set.copyOf(families);
        this.options = options;
        this.meters = new NftMeters(registry);
        families.forEach(family -> { // registered up front, so that /metrics shows zeros, as kube-proxy's does
            meters.syncFailures(family);
            meters.cleanupFailures(family);
        });
        this.afterSync = afterSync;
        this.clock = clock;
        this.monitor = new TableMonitor(nft, families, requestFullSync);
    }

    /** Starts watching the table; its deletion behind Junction's back then triggers a full sync. */
    public void startTableMonitor(Duration interval) {
        monitor.start(interval);
    }

    @Override
    public String mode() {
        return "nftables";
    }

    @Override
    public Set<IpFamily> families() {
        return families;
    }

    @Override
    public SyncOutcome sync(SyncRequest request) throws SyncFailedException {
        ClusterSnapshot current = request.current();
        SyncScope scope = request.scope();
        Map<IpFamily, CompilerOptions> compilerOptions = new EnumMap<>(IpFamily.class);
        for (IpFamily family : families) {
            CompilerOptions familyOptions = options.forFamily(family, current);
            compilerOptions.put(family, familyOptions);
            if (!familyOptions.equals(appliedOptions.get(family))) {
                scope = SyncScope.FULL; // node addresses or pod CIDRs changed: the top level differs
            }
        }
        Set<ObjectRef> changed = scope == SyncScope.FULL ? Set.of()
                : SnapshotDiff.changedServices(request.lastApplied().orElseThrow(), current);
        if (scope == SyncScope.FULL) {
            appliedOptions.clear(); // until this full sync succeeds, the next one must be full too
        }
        for (IpFamily family : families) {
            deleteStaleChains(family);
            apply(family, current, compilerOptions.get(family), scope, changed);
        }
        appliedOptions.putAll(compilerOptions);
        ServiceSelection selection = scope == SyncScope.FULL ? ServiceSelection.ALL : ServiceSelection.only(changed);
        if (scope == SyncScope.FULL || UdpChanges.touchUdp(selection, request.lastApplied().orElseThrow(), current)) {
            afterSync.conntrackCleanup().ifPresent(cleanup -> families.forEach(f -> cleanup.clean(current, f)));
        }
        afterSync.serviceHealth().ifPresent(health -> health.sync(current));
        return new SyncOutcome(scope, scope == SyncScope.FULL ? current.byService().size() : changed.size());
    }

    private void apply(IpFamily family, ClusterSnapshot snapshot, CompilerOptions familyOptions, SyncScope scope,
            Set<ObjectRef> changed) throws NftException {
        Map<ObjectRef, ServiceObjects> inKernel = appliedServices.computeIfAbsent(family, f -> new HashMap<>());
        NftSyncPlan plan;
        NftRuleset ruleset;
        if (scope == SyncScope.FULL) {
            ruleset = compiler.compile(snapshot, family, familyOptions);
            plan = NftSyncPlan.full(ruleset, nft.chains(family), nft.sets(family));
        } else {
            ruleset = compiler.compile(snapshot, family, familyOptions, ServiceSelection.only(changed));
            plan = NftSyncPlan.partial(ruleset, changed, inKernel, appliedTopElements.getOrDefault(family, List.of()),
                    sharedCounts.getOrDefault(family, Map.of()));
        }
        if (!plan.transaction().isEmpty()) {
            try {
                nft.run(plan.transaction().text());
            } catch (NftException e) {
                meters.syncFailures(family).increment();
                appliedOptions.clear();
                throw e;
            }
        }
        appliedTopElements.put(family, ruleset.topElements());
        Map<NftElement.Identity, Integer> counts = sharedCounts.computeIfAbsent(family, f -> new HashMap<>());
        if (scope == SyncScope.FULL) {
            counts.clear();
        }
        plan.sharedCounts().forEach((identity, change) -> {
            if (counts.merge(identity, change, Integer::sum) <= 0) {
                counts.remove(identity);
            }
        });
        if (scope == SyncScope.FULL) {
            inKernel.clear();
            inKernel.putAll(ruleset.services());
        } else {
            changed.forEach(ref -> {
                ServiceObjects objects = ruleset.services().get(ref);
                if (objects == null) {
                    inKernel.remove(ref);
                } else {
                    inKernel.put(ref, objects);
                }
            });
        }
        Instant now = clock.instant();
        Map<String, Instant> stale = staleChains.computeIfAbsent(family, f -> new HashMap<>());
        plan.staleChains().forEach(chain -> stale.put(chain, now));
        LOG.debug("nft transaction done family={} scope={} commands={} staleChains={}", family, scope,
                plan.transaction().commandCount(), plan.staleChains().size());
        if (LOG.isTraceEnabled()) {
            LOG.trace("nft transaction family={}:\n{}", family, plan.transaction().text());
        }
    }

    /** Deletes the chains emptied at least a second ago that no Service has taken up again since. */
    private void deleteStaleChains(IpFamily family) {
        Map<String, Instant> stale = staleChains.getOrDefault(family, Map.of());
        Instant cutoff = clock.instant().minus(STALE_CHAIN_GRACE);
        Set<String> due = stale.entrySet().stream().filter(e -> !e.getValue().isAfter(cutoff))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(HashSet::new));
        if (due.isEmpty()) {
            return;
        }
        stale.keySet().removeAll(due); // deleted now, or taken up again by a Service
        appliedServices.getOrDefault(family, Map.of()).values().stream()
                .flatMap(objects -> objects.chains().stream()).map(NftChain::name).forEach(due::remove);
        if (due.isEmpty()) {
            return;
        }
        NftTransaction tx = new NftTransaction(family);
        due.stream().sorted().forEach(tx::deleteChain);
        try {
            nft.run(tx.text());
            LOG.debug("deleted stale nftables chains family={} count={}", family, due.size());
        } catch (NftException e) {
            // They stay empty and harmless; the next full sync lists and retries them.
            meters.cleanupFailures(family).increment();
            LOG.warn("cannot delete {} stale nftables chains family={}: {}", due.size(), family, e.getMessage());
        }
    }

    @Override
    public void close() {
        monitor.close();
        afterSync.serviceHealth().ifPresent(ServiceHealthServer::close);
    }
}
