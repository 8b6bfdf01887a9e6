package dev.junction.userspace.steer;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.compile.Ruleset;
import dev.junction.iptables.compile.RulesetRenderer;
import dev.junction.userspace.serve.ListenerKey;
import dev.junction.userspace.serve.ListenerReconciler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the userspace mode would restore on a full sync of a snapshot, computed without binding a listener or touching
 * the kernel. The kernel picks each listener's proxy port when it binds, so the preview numbers them 1, 2, ... in
 * snapshot order: the rules read and diff the same, and each names its Service port in its comment. For
 * {@code junction rules} and {@code junction explain}. Immutable.
 */
public final class SteeringPreview {

    /** Heads the preview, so that nobody takes the placeholder ports for real ones. */
    public static final String PORTS_NOTE =
            "# The kernel picks each listener's proxy port when it binds; this preview numbers them from 1.\n";

    private final Set<IpFamily> families;
    private final List<Cidr> podCidrs;

    /** @param podCidrs the local-traffic detector's CIDRs, as {@link SteeringRules#compile} takes them */
    public SteeringPreview(Set<IpFamily> families, List<Cidr> podCidrs) {
        this.families = Set.copyOf(families);
        this.podCidrs = List.copyOf(podCidrs);
    }

    /** The placeholder proxy port of every listener the snapshot asks for. */
    public Map<ListenerKey, Integer> proxyPorts(ClusterSnapshot snapshot) {
        Map<ListenerKey, Integer> ports = new HashMap<>();
        snapshot.servicePorts().stream().filter(ListenerReconciler::listens)
                .forEach(port -> ports.put(ListenerKey.of(port), ports.size() + 1));
        return ports;
    }

    public Ruleset compile(ClusterSnapshot snapshot, IpFamily family) {
        return SteeringRules.compile(snapshot, family, proxyPorts(snapshot), podCidrs);
    }

    /**
     * The iptables-restore input of every family, in family order, each after a {@code # IPv4} (or {@code # IPv6})
     * line, below {@link #PORTS_NOTE}.
     */
    public String restoreInput(ClusterSnapshot snapshot) {
        RulesetRenderer renderer = new RulesetRenderer();
        StringBuilder text = new StringBuilder(PORTS_NOTE);
        for (IpFamily family : IpFamily.values()) {
            if (families.contains(family)) {
                text.append("# ").append(family.kubernetesName()).append('\n');
                text.append(renderer.render(compile(snapshot, family)).text());
            }
        }
        return text.toString();
    }
}
