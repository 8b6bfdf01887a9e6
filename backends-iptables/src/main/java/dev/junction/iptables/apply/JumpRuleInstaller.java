package dev.junction.iptables.apply;

import dev.junction.core.net.IpFamily;
import dev.junction.iptables.compile.JumpRules.JumpRule;
import dev.junction.iptables.compile.RuleWriter;
import java.util.List;
import java.util.Set;

/**
 * Puts jump rules at the head of the kernel's built-in chains: not part of a restore, which owns only our chains. For
 * each jump, creates its target chain unless it exists, then inserts the rule first unless it is already there.
 */
public final class JumpRuleInstaller {

    private JumpRuleInstaller() {
    }

    public static void ensure(Iptables iptables, Set<IpFamily> families, List<JumpRule> jumps)
            throws IptablesException {
        for (IpFamily family : families) {
            for (JumpRule jump : jumps) {
                String table = jump.table().iptablesName();
                iptables.ensureChain(family, table, jump.target().name());
                iptables.ensureRuleFirst(family, table, jump.rule().chain().name(),
                        RuleWriter.ruleArguments(jump.rule()));
            }
        }
    }
}
