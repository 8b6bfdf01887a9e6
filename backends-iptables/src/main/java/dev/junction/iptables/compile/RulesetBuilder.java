package dev.junction.iptables.compile;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects chains (in declaration order) and their rules (in append order) per table while a compile runs, counting
 * the rules as they come. Confined to one compile.
 */
final class RulesetBuilder {

    private final Map<Table, LinkedHashMap<Chain, List<Rule>>> tables = new EnumMap<>(Table.class);
    private final int[] ruleCounts = new int[Table.values().length];

    /** Sized for about {@code expectedNatChains} nat chains, so that large clusters do not rehash as they grow. */
    RulesetBuilder(int expectedNatChains) {
        for (Table table : Table.values()) {
            int expected = table == Table.NAT ? expectedNatChains : 16;
            tables.put(table, LinkedHashMap.newLinkedHashMap(expected));
        }
    }

    /** Declares a chain (even an empty one); declaring it again keeps its first position. */
    RulesetBuilder declare(Table table, Chain chain) {
        tables.get(table).computeIfAbsent(chain, c -> new ArrayList<>());
        return this;
    }

    /** Appends a rule to its chain, declaring the chain if needed. */
    RulesetBuilder add(Table table, Rule rule) {
        tables.get(table).computeIfAbsent(rule.chain(), c -> new ArrayList<>()).add(rule);
        ruleCounts[table.ordinal()]++;
        return this;
    }

    /** The rules added to a table so far; constant time, so a compile can count per Service. */
    int ruleCount(Table table) {
        return ruleCounts[table.ordinal()];
    }

    Map<Table, List<ChainRules>> build() {
        Map<Table, List<ChainRules>> result = new EnumMap<>(Table.class);
        tables.forEach((table, chains) -> result.put(table,
                chains.entrySet().stream().map(e -> new ChainRules(e.getKey(), e.getValue())).toList()));
        return result;
    }
}
