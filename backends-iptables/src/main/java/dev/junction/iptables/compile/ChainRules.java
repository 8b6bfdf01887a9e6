package dev.junction.iptables.compile;

import java.util.List;

/** One chain of a table with its rules in order. */
public record ChainRules(Chain chain, List<Rule> rules) {

    public ChainRules {
        rules = List.copyOf(rules);
        for (Rule rule : rules) {
            if (!rule.chain().equals(chain)) {
                throw new IllegalArgumentException("rule for chain " + rule.chain() + " listed under chain " + chain
                        + " (expected: the same chain)");
            }
        }
    }
}
