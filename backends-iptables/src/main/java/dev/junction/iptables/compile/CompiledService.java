package dev.junction.iptables.compile;

import java.util.HashSet;
import java.util.Set;

/**
 * What a compile wrote for one Service (all its ports): its per-Service chains (KUBE-SVC/SVL/EXT/FW/SEP, nat) and
 * the number of rules in them. An applier keeps these for the Services in the kernel, to find the chains a partial
 * sync leaves stale and to count the rules it holds.
 */
public record CompiledService(Set<Chain> chains, int natRules) {

    /** A Service with nothing in the kernel. */
    public static final CompiledService NONE = new CompiledService(Set.of(), 0);

    public CompiledService {
        chains = Set.copyOf(chains);
    }

    /** Both ports' worth of one Service. */
    CompiledService plus(CompiledService other) {
        Set<Chain> union = new HashSet<>(chains);
        union.addAll(other.chains);
        return new CompiledService(union, natRules + other.natRules);
    }
}
