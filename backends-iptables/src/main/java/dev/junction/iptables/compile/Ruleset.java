package dev.junction.iptables.compile;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpFamily;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one IP family's tables should hold: an immutable value from {@link IptablesCompiler}, rendered by
 * {@link RulesetRenderer} and walked by the packet tracer.
 *
 * <p>On a partial compile, {@link #tables()} holds only the per-Service chains of the selected Services (the top-level
 * chains are always complete), and {@link #services()} describes only those Services. An applier keeps what it
 * applied per Service: a selected Service's chains that its new entry lacks (or all of them, when it has none any
 * more) are stale.
 *
 * @param tables            per table, its chains in restore order; every {@link Table} is present
 * @param services          per compiled Service, its KUBE-SVC/SVL/EXT/FW/SEP chains and their rule count
 * @param largeClusterMode  more endpoints than the threshold: per-endpoint comments were left out
 */
public record Ruleset(
        IpFamily family,
        Map<Table, List<ChainRules>> tables,
        Map<ObjectRef, CompiledService> services,
        boolean largeClusterMode) {

    public Ruleset {
        Map<Table, List<ChainRules>> copy = new EnumMap<>(Table.class);
        for (Table table : Table.values()) {
            copy.put(table, List.copyOf(tables.getOrDefault(table, List.of())));
        }
        tables = Map.copyOf(copy);
        services = Map.copyOf(services);
    }

    /** Every per-Service chain this ruleset writes: on a full compile, all the chains of ours that should exist. */
    public Set<Chain> serviceChains() {
        return services.values().stream().flatMap(s -> s.chains().stream()).collect(Collectors.toUnmodifiableSet());
    }

    /** The nat rules outside per-Service chains: KUBE-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING and the like. */
    public int topLevelNatRules() {
        return ruleCount(Table.NAT) - services.values().stream().mapToInt(CompiledService::natRules).sum();
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
