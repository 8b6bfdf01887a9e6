package dev.junction.iptables.compile;

import dev.junction.core.net.IpFamily;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one IP family's tables should hold: an immutable value from {@link IptablesCompiler}, rendered by
 * {@link RulesetRenderer} and walked by the packet tracer.
 *
 * <p>On a partial compile, {@link #tables()} holds only the per-Service chains of the selected Services (the top-level
 * chains are always complete), while {@link #serviceChains()} still names every per-Service chain of the full model:
 * an applier treats any chain of ours ({@link ChainNames#isOurServiceChain}) in the kernel but not in that set as
 * stale.
 *
 * @param tables            per table, its chains in restore order; every {@link Table} is present
 * @param serviceChains     every KUBE-SVC/SVL/EXT/FW/SEP chain (nat table) of the full model
 * @param skippedNatRules   nat rules left out by a partial compile (kube-proxy still counts them in its metrics)
 * @param largeClusterMode  more endpoints than the threshold: per-endpoint comments were left out
 */
public record Ruleset(
        IpFamily family,
        Map<Table, List<ChainRules>> tables,
        Set<Chain> serviceChains,
        int skippedNatRules,
        boolean largeClusterMode) {

    public Ruleset {
        Map<Table, List<ChainRules>> copy = new EnumMap<>(Table.class);
        for (Table table : Table.values()) {
            copy.put(table, List.copyOf(tables.getOrDefault(table, List.of())));
        }
        tables = Map.copyOf(copy);
        serviceChains = Set.copyOf(serviceChains);
    }

    public List<ChainRules> chains(Table table) {
        return tables.get(table);
    }

    /** The rules of one chain, empty when the ruleset does not hold that chain. */
    public List<Rule> rules(Table table, Chain chain) {
        return chains(table).stream().filter(c -> c.chain().equals(chain)).findFirst()
                .map(ChainRules::rules).orElse(List.of());
    }

    /** The number of rules this ruleset writes into one table. */
    public int ruleCount(Table table) {
        return chains(table).stream().mapToInt(c -> c.rules().size()).sum();
    }
}
