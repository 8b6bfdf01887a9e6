package dev.junction.iptables.apply;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.compile.IptablesCompiler;
import dev.junction.iptables.compile.Ruleset;
import dev.junction.iptables.compile.RulesetRenderer;
import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link IptablesBackend} would restore on a full sync of a snapshot, computed without touching the kernel: the
 * same compiler options (from {@link NodeFacts} given by the caller) and the same renderer, but no stale chains, as
 * those are only known from the kernel. For {@code junction rules} and {@code junction explain}. Thread-safe.
 */
public final class FullSyncPreview {

    private final IptablesSettings settings;
    private final CompilerOptionsSource options;
    private final IptablesCompiler compiler = new IptablesCompiler();

    public FullSyncPreview(IptablesSettings settings, NodeFacts node) {
        this.settings = settings;
        this.options = new CompilerOptionsSource(settings, node);
    }

    /** IPv4, plus IPv6 when the snapshot has IPv6 Service ports: the families worth showing for a snapshot. */
    public static Set<IpFamily> familiesOf(ClusterSnapshot snapshot) {
        Set<IpFamily> families = EnumSet.of(IpFamily.IPV4);
        if (!snapshot.servicePorts(IpFamily.IPV6).isEmpty()) {
            families.add(IpFamily.IPV6);
        }
        return families;
    }

    /** The ruleset of one family, as the agent would compile it. */
    public Ruleset compile(ClusterSnapshot snapshot, IpFamily family) throws SyncFailedException {
        return compiler.compile(snapshot, family, options.forFamily(family, snapshot));
    }

    /**
     * The iptables-restore input of every configured family, in family order, each preceded by a {@code # IPv4} (or
     * {@code # IPv6}) line; iptables-restore ignores such comment lines, so each family's part can be fed to it as is.
     */
    public String restoreInput(ClusterSnapshot snapshot) throws SyncFailedException {
        RulesetRenderer renderer = new RulesetRenderer();
        StringBuilder text = new StringBuilder();
        for (IpFamily family : settings.families()) {
            text.append("# ").append(family.kubernetesName()).append('\n');
            text.append(renderer.render(compile(snapshot, family)).text());
        }
        return text.toString();
    }
}
