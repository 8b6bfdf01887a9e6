package dev.junction.iptables.compile;

import java.util.List;

/**
 * The rules kube-proxy keeps at the head of the kernel's built-in chains, leading into ours (upstream
 * {@code iptablesJumpChains} plus kubelet's {@code KUBE-FIREWALL} jumps). They are not part of a restore, which must
 * not rewrite chains it does not own: the applier creates each target chain and inserts each rule unless present
 * ({@code iptables -C}, then {@code -I}), on every full sync.
 */
public final class JumpRules {

    /** One rule to keep in a built-in chain; {@code rule.chain()} is that built-in chain. */
    public record JumpRule(Table table, Rule rule) {

        public JumpRule {
            if (!rule.chain().isBuiltIn() || !(rule.target() instanceof Target.Jump)) {
                throw new IllegalArgumentException(
                        "jump rule " + rule + " (expected: a jump from a built-in chain to one of ours)");
            }
        }

        public Chain target() {
            return ((Target.Jump) rule.target()).chain();
        }
    }

    private static final String NEW = "NEW";
    private static final List<JumpRule> ALL = List.of(
            jump(Table.FILTER, Chain.INPUT, true, "kubernetes externally-visible service portals",
                    Chain.KUBE_EXTERNAL_SERVICES),
            jump(Table.FILTER, Chain.FORWARD, true, "kubernetes externally-visible service portals",
                    Chain.KUBE_EXTERNAL_SERVICES),
            jump(Table.FILTER, Chain.INPUT, false, "kubernetes health check service ports", Chain.KUBE_NODEPORTS),
            jump(Table.FILTER, Chain.FORWARD, true, "kubernetes service portals", Chain.KUBE_SERVICES),
            jump(Table.FILTER, Chain.OUTPUT, true, "kubernetes service portals", Chain.KUBE_SERVICES),
            jump(Table.FILTER, Chain.FORWARD, false, "kubernetes forwarding rules", Chain.KUBE_FORWARD),
            jump(Table.FILTER, Chain.INPUT, true, "kubernetes load balancer firewall", Chain.KUBE_PROXY_FIREWALL),
            jump(Table.FILTER, Chain.OUTPUT, true, "kubernetes load balancer firewall", Chain.KUBE_PROXY_FIREWALL),
            jump(Table.FILTER, Chain.FORWARD, true, "kubernetes load balancer firewall", Chain.KUBE_PROXY_FIREWALL),
            jump(Table.NAT, Chain.OUTPUT, false, "kubernetes service portals", Chain.KUBE_SERVICES),
            jump(Table.NAT, Chain.PREROUTING, false, "kubernetes service portals", Chain.KUBE_SERVICES),
            jump(Table.NAT, Chain.POSTROUTING, false, "kubernetes postrouting rules", Chain.KUBE_POSTROUTING),
            new JumpRule(Table.FILTER, Rule.on(Chain.INPUT).jump(Chain.KUBE_FIREWALL)),
            new JumpRule(Table.FILTER, Rule.on(Chain.OUTPUT).jump(Chain.KUBE_FIREWALL)));

    private JumpRules() {
    }

    /** Every jump rule, in the order kube-proxy ensures them (each is prepended, so the last ends up first). */
    public static List<JumpRule> all() {
        return ALL;
    }

    /**
     * The rules of {@code jumps} in one built-in chain, in the order they sit in the kernel once all are prepended:
     * the last one listed first.
     */
    public static List<Rule> in(List<JumpRule> jumps, Table table, Chain builtIn) {
        return jumps.reversed().stream().filter(j -> j.table() == table && j.rule().chain().equals(builtIn))
                .map(JumpRule::rule).toList();
    }

    private static JumpRule jump(Table table, Chain from, boolean newOnly, String comment, Chain to) {
        Rule.Builder rule = Rule.on(from);
        if (newOnly) {
            rule.match(new Match.ConntrackState(NEW, false));
        }
        return new JumpRule(table, rule.comment(comment).jump(to));
    }
}
