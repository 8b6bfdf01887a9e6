package dev.junction.nftables.apply;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.apply.CompilerOptionsSource;
import dev.junction.iptables.apply.IptablesSettings;
import dev.junction.iptables.apply.NodeFacts;
import dev.junction.nftables.compile.NftCompiler;
import dev.junction.nftables.compile.NftRuleset;
import dev.junction.nftables.compile.NftSyncPlan;
import java.util.List;

/**
 * The transaction {@link NftBackend} would run on a full sync of a snapshot into an empty table, computed without
 * touching the kernel: for {@code junction rules} and {@code junction explain} with {@code --proxy-mode nftables}.
 * Thread-safe.
 */
public final class NftFullSyncPreview {

    private final IptablesSettings settings;
    private final CompilerOptionsSource options;

    public NftFullSyncPreview(IptablesSettings settings, NodeFacts node) {
        this.settings = settings;
        this.options = new CompilerOptionsSource(settings, node);
    }

    /** The table of one family, as the agent would compile it. */
    public NftRuleset compile(ClusterSnapshot snapshot, IpFamily family) throws SyncFailedException {
        return new NftCompiler().compile(snapshot, family, options.forFamily(family, snapshot));
    }

    /** Each family's transaction after a {@code # IPv4} (or {@code # IPv6}) comment line, which nft ignores. */
    public String script(ClusterSnapshot snapshot) throws SyncFailedException {
        StringBuilder text = new StringBuilder();
        for (IpFamily family : settings.families()) {
            text.append("# ").append(family.kubernetesName()).append('\n');
            text.append(NftSyncPlan.full(compile(snapshot, family), List.of(), List.of()).transaction().text());
        }
        return text.toString();
    }
}
