package dev.junction.iptables.trace;

import dev.junction.iptables.compile.Chain;
import dev.junction.iptables.compile.JumpRules;
import dev.junction.iptables.compile.JumpRules.JumpRule;
import java.util.List;

/**
 * Where a mode's rules are entered from: the jumps it keeps in the kernel's built-in chains, which a trace follows in
 * nat PREROUTING or OUTPUT, and the filter chains walked after nat, in order (their jumps match
 * {@code ctstate NEW}, which a trace takes as given for a first packet).
 */
public record TraceEntry(List<JumpRule> jumps, List<Chain> filterChains) {

    /** kube-proxy's iptables mode. */
    public static final TraceEntry KUBE_PROXY = new TraceEntry(JumpRules.all(), List.of(Chain.KUBE_SERVICES,
            Chain.KUBE_EXTERNAL_SERVICES, Chain.KUBE_NODEPORTS, Chain.KUBE_PROXY_FIREWALL));

    public TraceEntry {
        jumps = List.copyOf(jumps);
        filterChains = List.copyOf(filterChains);
    }
}
