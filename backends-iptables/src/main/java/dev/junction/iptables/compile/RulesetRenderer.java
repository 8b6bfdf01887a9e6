package dev.junction.iptables.compile;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link Ruleset} as iptables-restore input, tables in kube-proxy's order (filter, then nat, then mangle),
 * each with its chain headers, then its rules chain by chain, then {@code COMMIT}. Meant for
 * {@code iptables-restore --noflush --counters}: only the chains named here are flushed and rewritten.
 */
public final class RulesetRenderer {

    /** The restore text and the rule lines it holds per table. */
    public record Rendered(String text, Map<Table, Integer> ruleLines) {

        public Rendered {
            ruleLines = Map.copyOf(ruleLines);
        }

        public int ruleLines(Table table) {
            return ruleLines.getOrDefault(table, 0);
        }
    }

    public Rendered render(Ruleset ruleset) {
        return render(ruleset, Set.of());
    }

    /**
     * Renders the ruleset and also flushes and deletes {@code staleNatChains} (chains of ours found in the kernel
     * that the full model no longer has, upstream's {@code -X} lines).
     */
    public Rendered render(Ruleset ruleset, Set<Chain> staleNatChains) {
        for (Chain stale : staleNatChains) {
            if (!ChainNames.isOurServiceChain(stale.name())) {
                throw new IllegalArgumentException(
                        "stale chain " + stale + " (expected: a KUBE-SVC/SVL/EXT/FW/SEP chain)");
            }
        }
        RuleWriter writer = new RuleWriter(estimateSize(ruleset));
        for (Table table : Table.values()) {
            writer.beginTable(table);
            for (ChainRules chain : ruleset.chains(table)) {
                writer.chainHeader(chain.chain());
            }
            if (table == Table.NAT) {
                staleNatChains.stream().sorted().forEach(writer::chainHeader);
            }
            for (ChainRules chain : ruleset.chains(table)) {
                chain.rules().forEach(writer::rule);
            }
            if (table == Table.NAT) {
                staleNatChains.stream().sorted().forEach(writer::deleteChain);
            }
            writer.commit();
        }
        Map<Table, Integer> lines = new EnumMap<>(Table.class);
        for (Table table : Table.values()) {
            lines.put(table, writer.ruleLines(table));
        }
        return new Rendered(writer.text(), lines);
    }

    private static int estimateSize(Ruleset ruleset) {
        int rules = 0;
        for (Table table : Table.values()) {
            rules += ruleset.ruleCount(table) + ruleset.chains(table).size();
        }
        return rules * 120 + 256;
    }
}
