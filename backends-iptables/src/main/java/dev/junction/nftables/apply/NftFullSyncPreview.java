package dev.junction.nftables.apply;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.apply.CompilerOptionsSource;
import dev.junction.iptables.apply.IptablesSettings;
import dev.junction.iptables.apply.NodeFacts;
import dev.junction.nftables.compile.NftCompiler;
import dev.junction.nftables.compile.NftSyncPlan;
import java.util.List;

/**
 * The transaction {@link NftBackend} would run on a full sync of a snapshot into an empty table, computed without
 * touching the kernel: for {@code junction rules --proxy-mode nftables}. Thread-safe.
 */
public final class NftFullSyncPreview {

    private final IptablesSettings settings;
    private final CompilerOptionsSource options;

    public NftFullSyncPreview(IptablesSettings settings, NodeFacts node) {
        this.settings = settings;
        this.options = new CompilerOptionsSource(settings, node);
    }

    /** Each family's transaction after a {@code # IPv4} (or {@code # IPv6}) comment line, which nft ignores. */
    public String script(ClusterSnapshot snapshot) throws SyncFailedException {
        NftCompiler compiler = new NftCompiler();
        StringBuilder text = new StringBuilder();
        for (IpFamily family : settings.families()) {
            text.append("# ").append(family.kubernetesName()).append('\n');
            text.append(NftSyncPlan.full(compiler.compile(snapshot, family, options.forFamily(family, snapshot)),
                    List.of(), List.of()).transaction().text());
        }
        return text.toString();
    }
}
