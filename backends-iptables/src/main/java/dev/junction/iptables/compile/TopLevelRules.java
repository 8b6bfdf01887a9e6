package dev.junction.iptables.compile;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import java.util.List;

/**
 * The chains and rules that do not belong to any one Service: always written in full, even by a partial compile
 * (upstream {@code syncProxyRules} before and after its per-Service loop).
 */
final class TopLevelRules {

    private static final List<Chain> FILTER_CHAINS = List.of(Chain.KUBE_SERVICES, Chain.KUBE_EXTERNAL_SERVICES,
            Chain.KUBE_FORWARD, Chain.KUBE_NODEPORTS, Chain.KUBE_PROXY_FIREWALL);
    private static final List<Chain> NAT_CHAINS =
            List.of(Chain.KUBE_SERVICES, Chain.KUBE_NODEPORTS, Chain.KUBE_POSTROUTING, Chain.KUBE_MARK_MASQ);
    private static final String NODEPORTS_COMMENT =
            "kubernetes service nodeports; NOTE: this must be the last rule in this chain";

    private TopLevelRules() {
    }

    /** Declares the top-level chains and writes the rules that come before any Service's. */
    static void writeHead(RulesetBuilder out, CompileContext ctx) {
        FILTER_CHAINS.forEach(chain -> out.declare(Table.FILTER, chain));
        NAT_CHAINS.forEach(chain -> out.declare(Table.NAT, chain));
        out.declare(Table.MANGLE, Chain.KUBE_PROXY_CANARY);
        int mark = ctx.masqueradeMark();
        out.add(Table.NAT, Rule.on(Chain.KUBE_POSTROUTING).match(new Match.MarkSet(mark, true))
                .to(Target.Verdict.RETURN));
        // Clear the mark so that a packet traversing the stack again is not masqueraded twice.
        out.add(Table.NAT, Rule.on(Chain.KUBE_POSTROUTING).to(new Target.XorMark(mark)));
        out.add(Table.NAT, Rule.on(Chain.KUBE_POSTROUTING).comment("kubernetes service traffic requiring SNAT")
                .to(new Target.Masquerade(ctx.options().randomFully())));
        out.add(Table.NAT, Rule.on(Chain.KUBE_MARK_MASQ).to(new Target.OrMark(mark)));
        if (ctx.localhostNodePorts()) {
            // route_localnet opens a hole (issue 90259); kubelet writes the same rule, keep them identical.
            out.declare(Table.FILTER, Chain.KUBE_FIREWALL);
            out.add(Table.FILTER, Rule.on(Chain.KUBE_FIREWALL).comment("block incoming localnet connections")
                    .destination(CompileContext.IPV4_LOOPBACK).notSource(CompileContext.IPV4_LOOPBACK)
                    .match(new Match.ConntrackState("RELATED,ESTABLISHED,DNAT", true)).to(Target.Verdict.DROP));
        }
    }

    /** Writes the rules that must follow every Service's: the NodePort tail call and KUBE-FORWARD. */
    static void writeTail(RulesetBuilder out, CompileContext ctx) {
        writeNodePortsJump(out, ctx);
        writeForward(out, ctx);
    }

    private static void writeNodePortsJump(RulesetBuilder out, CompileContext ctx) {
        if (ctx.matchesAllNodePortAddresses()) {
            Rule.Builder rule = Rule.on(Chain.KUBE_SERVICES).comment(NODEPORTS_COMMENT).localDestination();
            // Localhost NodePorts never work on IPv6, and on IPv4 only with route_localnet.
            if (ctx.family() == IpFamily.IPV6) {
                rule.notDestination(CompileContext.IPV6_LOOPBACK);
            } else if (!ctx.localhostNodePorts()) {
                rule.notDestination(CompileContext.IPV4_LOOPBACK);
            }
            out.add(Table.NAT, rule.jump(Chain.KUBE_NODEPORTS));
            return;
        }
        for (IpAddress address : ctx.nodePortAddresses()) {
            if (address.isLoopback() && (ctx.family() == IpFamily.IPV6 || !ctx.localhostNodePorts())) {
                continue;
            }
            out.add(Table.NAT, Rule.on(Chain.KUBE_SERVICES).comment(NODEPORTS_COMMENT).destination(address)
                    .jump(Chain.KUBE_NODEPORTS));
        }
    }

    private static void writeForward(RulesetBuilder out, CompileContext ctx) {
        if (!ctx.options().conntrackTcpLiberal()) {
            // Without tcp_be_liberal, an out-of-window packet would reset the connection (issues 74839, 117924).
            Rule.Builder invalid = Rule.on(Chain.KUBE_FORWARD).match(new Match.ConntrackState("INVALID", false));
            if (ctx.nfacctCounters()) {
                invalid.match(new Match.Nfacct(CompilerOptions.INVALID_DROPPED_COUNTER));
            }
            out.add(Table.FILTER, invalid.to(Target.Verdict.DROP));
        }
        out.add(Table.FILTER, Rule.on(Chain.KUBE_FORWARD).comment("kubernetes forwarding rules")
                .match(new Match.MarkSet(ctx.masqueradeMark(), false)).to(Target.Verdict.ACCEPT));
        out.add(Table.FILTER, Rule.on(Chain.KUBE_FORWARD).comment("kubernetes forwarding conntrack rule")
                .match(new Match.ConntrackState("RELATED,ESTABLISHED", false)).to(Target.Verdict.ACCEPT));
    }
}
