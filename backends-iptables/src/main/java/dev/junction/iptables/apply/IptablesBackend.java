package dev.junction.iptables.apply;

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
import dev.junction.iptables.compile.Chain;
import dev.junction.iptables.compile.CompiledService;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.IptablesCompiler;
import dev.junction.iptables.compile.JumpRules;
import dev.junction.iptables.compile.Ruleset;
import dev.junction.iptables.compile.RulesetRenderer;
import dev.junction.iptables.compile.RulesetRenderer.Rendered;
import dev.junction.iptables.compile.ServiceSelection;
import dev.junction.iptables.compile.Table;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --proxy-mode iptables}: compiles each snapshot and applies it with one {@code iptables-restore --noflush}
 * per IP family, as kube-proxy's iptables proxier.
 *
 * <p>A full sync ensures the jump rules from the built-in chains, rewrites every chain and deletes stale chains found
 * in {@code iptables-save}. A partial sync rewrites the top-level chains plus the chains of the Services that changed
 * since the last applied snapshot, and deletes the chains those Services no longer need. The canary monitor asks for
 * a full sync when someone flushed the tables. A failed restore changes
 * nothing in the kernel; the error goes to the sync loop, which retries with a full sync. Called only from the sync
 * loop's thread.
 */
public final class IptablesBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(IptablesBackend.class);

    private final Iptables iptables;
    private final IptablesSettings settings;
    private final CompilerOptionsSource options;
    private final IptablesMeters meters;
    private final CanaryMonitor canary;
    private final AfterSync afterSync;
    /** Micrometer reads the counters through weak references: held here, they live as long as the backend. */
    private final NfacctCounters nfacctCounters;
    private final IptablesCompiler compiler = new IptablesCompiler();
    private final RulesetRenderer renderer = new RulesetRenderer();
    /** Per family, what the kernel holds for each Service: the chains a partial sync may leave stale, rule counts. */
    private final Map<IpFamily, Map<ObjectRef, CompiledService>> appliedServices = new EnumMap<>(IpFamily.class);
    private final Map<IpFamily, CompilerOptions> appliedOptions = new EnumMap<>(IpFamily.class);

    /**
     * @param afterSync        conntrack cleanup (after syncs that changed UDP endpoints) and the health-check
     *                         servers (after every sync); closed with this backend
     * @param requestFullSync  asks the sync loop for a full sync, from the canary monitor's thread
     * @param nfacctCounters   kube-proxy's nfacct counters, when they exist; held for as long as their metrics
     */
    public IptablesBackend(Iptables iptables, IptablesSettings settings, MeterRegistry registry, AfterSync afterSync,
            Runnable requestFullSync, NfacctCounters nfacctCounters) {
        this.iptables = iptables;
        this.settings = settings;
        CompilerOptionsSource hostOptions = new CompilerOptionsSource(settings, NodeFacts.host());
        this.options = nfacctCounters.exist() ? hostOptions.withNfacctCounters() : hostOptions;
        this.nfacctCounters = nfacctCounters;
        this.meters = new IptablesMeters(registry);
        this.canary = new CanaryMonitor(iptables, settings.families(), requestFullSync);
        this.afterSync = afterSync;
        boolean nft = iptables.flavor() == IptablesFlavor.NFT;
        meters.setNftFlavor(nft);
        if (nft) {
            LOG.warn("iptables on this host drives nf_tables: restores slow down quadratically with the rule count"
                    + " (seconds at 1,000 Services, minutes at 10,000). On large clusters switch the node to"
                    + " iptables-legacy (update-alternatives --set iptables /usr/sbin/iptables-legacy, and ip6tables),"
                    + " or switch Junction to --proxy-mode nftables; partial syncs keep each restore small meanwhile");
        }
    }

    /** Starts watching the canary chains; a flush behind Junction's back then triggers a full sync. */
    public void startCanaryMonitor(Duration interval) {
        canary.start(interval);
    }

    @Override
    public String mode() {
        return "iptables";
    }

    @Override
    public Set<IpFamily> families() {
        return settings.families();
    }

    @Override
    public SyncOutcome sync(SyncRequest request) throws SyncFailedException {
        ClusterSnapshot current = request.current();
        // Flushed tables are noticed by the canary monitor, off this path: checking here would read whole tables.
        SyncScope scope = request.scope();
        Map<IpFamily, CompilerOptions> compilerOptions = new EnumMap<>(IpFamily.class);
        for (IpFamily family : families()) {
            CompilerOptions familyOptions = options.forFamily(family, current);
            compilerOptions.put(family, familyOptions);
            if (!familyOptions.equals(appliedOptions.get(family))) {
                scope = SyncScope.FULL; // node addresses or pod CIDRs changed: every chain may differ
            }
        }
        ServiceSelection selection = scope == SyncScope.FULL ? ServiceSelection.ALL
                : ServiceSelection.only(SnapshotDiff.changedServices(request.lastApplied().orElseThrow(), current));
        if (scope == SyncScope.FULL) {
            appliedOptions.clear(); // until this full sync succeeds, the next one must be full too
            JumpRuleInstaller.ensure(iptables, families(), JumpRules.all());
            nfacctCounters.recreateDeleted();
        }
        for (IpFamily family : families()) {
            apply(family, current, compilerOptions.get(family), scope, selection);
        }
        appliedOptions.putAll(compilerOptions);
        if (scope == SyncScope.FULL) {
            canary.plant();
        }
        if (scope == SyncScope.FULL || UdpChanges.touchUdp(selection, request.lastApplied().orElseThrow(), current)) {
            afterSync.conntrackCleanup().ifPresent(cleanup -> families().forEach(f -> cleanup.clean(current, f)));
        }
        afterSync.serviceHealth().ifPresent(health -> health.sync(current));
        int written = selection instanceof ServiceSelection.Only only ? only.services().size()
                : current.byService().size();
        return new SyncOutcome(scope, written);
    }

    private void apply(IpFamily family, ClusterSnapshot snapshot, CompilerOptions familyOptions, SyncScope scope,
            ServiceSelection selection) throws IptablesException {
        Ruleset ruleset = compiler.compile(snapshot, family, familyOptions, selection);
        Map<ObjectRef, CompiledService> inKernel = appliedServices.computeIfAbsent(family, f -> new HashMap<>());
        Set<Chain> stale = staleChains(family, selection, ruleset, inKernel);
        Rendered rendered = renderer.render(ruleset, stale);
        try {
            iptables.restore(family, rendered.text());
        } catch (IptablesException e) {
            meters.restoreFailures(family).increment();
            if (scope == SyncScope.PARTIAL) {
                meters.partialRestoreFailures(family).increment();
            }
            appliedOptions.clear();
            throw e;
        }
        if (selection instanceof ServiceSelection.Only only) {
            only.services().forEach(ref -> {
                CompiledService compiled = ruleset.services().get(ref);
                if (compiled == null) {
                    inKernel.remove(ref);
                } else {
                    inKernel.put(ref, compiled);
                }
            });
        } else {
            inKernel.clear();
            inKernel.putAll(ruleset.services());
        }
        for (Table table : Table.values()) {
            meters.setRulesLast(family, table.iptablesName(), rendered.ruleLines(table));
        }
        meters.setRulesTotal(family, Table.NAT.iptablesName(), ruleset.topLevelNatRules()
                + inKernel.values().stream().mapToLong(CompiledService::natRules).sum());
        meters.setRulesTotal(family, Table.FILTER.iptablesName(), ruleset.ruleCount(Table.FILTER));
        LOG.debug("iptables restore done family={} scope={} natRules={} filterRules={} staleChains={}", family, scope,
                rendered.ruleLines(Table.NAT), rendered.ruleLines(Table.FILTER), stale.size());
        if (LOG.isTraceEnabled()) {
            LOG.trace("iptables-restore input family={}:\n{}", family, rendered.text());
        }
    }

    /**
     * Chains of ours to delete: on a full sync, every one in the kernel that the new model lacks; on a partial sync,
     * those the rewritten Services had and no longer have (the other Services' chains are untouched).
     */
    private Set<Chain> staleChains(IpFamily family, ServiceSelection selection, Ruleset ruleset,
            Map<ObjectRef, CompiledService> inKernel) throws IptablesException {
        Set<Chain> stale = new HashSet<>();
        if (selection instanceof ServiceSelection.Only only) {
            for (ObjectRef ref : only.services()) {
                stale.addAll(inKernel.getOrDefault(ref, CompiledService.NONE).chains());
            }
        } else {
            stale.addAll(SavedChains.ourServiceChains(iptables.save(family, Table.NAT.iptablesName())));
        }
        stale.removeAll(ruleset.serviceChains());
        return stale;
    }

    @Override
    public void close() {
        canary.close();
        afterSync.serviceHealth().ifPresent(ServiceHealthServer::close);
    }
}
