package dev.junction.iptables.compile;

import dev.junction.core.model.SessionAffinity;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nat chains of one Service port: KUBE-EXT, KUBE-FW, KUBE-SVC, KUBE-SVL and one KUBE-SEP per reachable endpoint
 * (upstream {@code syncProxyRules} from "Set up internal traffic handling", and
 * {@code writeServiceToEndpointRules}). A partial compile writes them into a builder that is only counted.
 */
final class ServiceChainRules {

    private final CompileContext ctx;
    private final ServicePort port;
    private final ServicePortPlan plan;
    private final String portName;
    private final Protocol protocol;
    private final String hashPrefix;
    private final Match.Comment serviceComment;
    private final Map<Endpoint, Chain> endpointChains = new HashMap<>();

    ServiceChainRules(CompileContext ctx, ServicePort port, ServicePortPlan plan, String portName) {
        this.ctx = ctx;
        this.port = port;
        this.plan = plan;
        this.portName = portName;
        this.protocol = port.name().protocol();
        this.hashPrefix = ChainNames.hashPrefix(port.name());
        this.serviceComment = new Match.Comment(portName);
    }

    /** Writes the chains into {@code out} and names every chain written into {@code active}. */
    void write(RulesetBuilder out, Set<Chain> active) {
        declareChains(out, active);
        writeInternalMasquerade(out);
        if (plan.traffic().usesExternalChain()) {
            writeExternalChain(out);
        }
        if (plan.traffic().usesFirewall()) {
            writeFirewallChain(out);
        }
        if (plan.traffic().usesClusterPolicy()) {
            writePolicyChain(out, plan.chains().clusterPolicy(), port.endpoints().cluster());
        }
        if (plan.traffic().usesLocalPolicy()) {
            writePolicyChain(out, plan.chains().localPolicy(), port.endpoints().local());
        }
        for (Endpoint endpoint : port.endpoints().reachable()) {
            writeEndpointChain(out, endpointChain(endpoint), endpoint);
        }
    }

    /** Declares the chains first, in kube-proxy's order: EXT, FW, SVC, SVL, then the SEPs. */
    private void declareChains(RulesetBuilder out, Set<Chain> active) {
        if (plan.traffic().usesExternalChain()) {
            declare(out, active, plan.chains().external());
        }
        if (plan.traffic().usesFirewall()) {
            declare(out, active, plan.chains().firewall());
        }
        if (plan.traffic().usesClusterPolicy()) {
            declare(out, active, plan.chains().clusterPolicy());
        }
        if (plan.traffic().usesLocalPolicy()) {
            declare(out, active, plan.chains().localPolicy());
        }
        for (Endpoint endpoint : port.endpoints().reachable()) {
            declare(out, active, endpointChain(endpoint));
        }
    }

    /**
     * Masquerades off-cluster traffic to the ClusterIP: with a static route to the Service range via any node, the
     * node bridges into the Service and the reply may come back through another node.
     */
    private void writeInternalMasquerade(RulesetBuilder out) {
        if (!plan.traffic().hasInternalEndpoints() || (!ctx.masqueradeAll() && ctx.localDetector().isEmpty())) {
            return;
        }
        Rule.Builder rule = Rule.on(plan.internalChain()).comment(portName + " cluster IP").protocol(protocol)
                .destination(port.clusterIp()).destinationPort(port.port());
        if (!ctx.masqueradeAll()) {
            rule.notSource(ctx.localDetector().orElseThrow());
        }
        out.add(Table.NAT, rule.jump(Chain.KUBE_MARK_MASQ));
    }

    private void writeExternalChain(RulesetBuilder out) {
        Chain external = plan.chains().external();
        Chain clusterPolicy = plan.chains().clusterPolicy();
        if (!port.isExternalPolicyLocal()) {
            // Endpoints may be on other nodes: masquerade so that replies come back through this node.
            out.add(Table.NAT, Rule.on(external)
                    .comment("masquerade traffic for " + portName + " external destinations")
                    .jump(Chain.KUBE_MARK_MASQ));
        } else {
            // Pods reaching an external address are served as if they had gone out to the load balancer and back:
            // no traffic policy applies to them (the eTP Local short-circuit).
            ctx.localDetector().ifPresent(podCidr -> out.add(Table.NAT, Rule.on(external)
                    .comment("pod traffic for " + portName + " external destinations").source(podCidr)
                    .jump(clusterPolicy)));
            // The node itself picks the local external address as source, so it must be masqueraded.
            out.add(Table.NAT, Rule.on(external)
                    .comment("masquerade LOCAL traffic for " + portName + " external destinations").localSource()
                    .jump(Chain.KUBE_MARK_MASQ));
            out.add(Table.NAT, Rule.on(external)
                    .comment("route LOCAL traffic for " + portName + " external destinations").localSource()
                    .jump(clusterPolicy));
        }
        if (plan.traffic().hasExternalEndpoints()) {
            out.add(Table.NAT, Rule.on(external).jump(plan.externalPolicyChain()));
        }
    }

    private void writeFirewallChain(RulesetBuilder out) {
        Chain firewall = plan.chains().firewall();
        String comment = portName + " loadbalancer IP";
        boolean allowFromNode = false;
        for (Cidr range : port.frontends().loadBalancerSourceRanges()) {
            out.add(Table.NAT, Rule.on(firewall).comment(comment).source(range).jump(plan.chains().external()));
            allowFromNode |= ctx.nodeIps().stream().anyMatch(range::contains);
        }
        // A VIP-like load balancer often makes its IP local: the node's own request then loops back with the VIP
        // as its source address.
        if (allowFromNode) {
            port.frontends().loadBalancerIps().forEach(lbIp -> out.add(Table.NAT,
                    Rule.on(firewall).comment(comment).source(lbIp).jump(plan.chains().external())));
        }
        // What falls through was not DNATed, so KUBE-PROXY-FIREWALL in the filter table drops it.
        out.add(Table.NAT, Rule.on(firewall)
                .comment("other traffic to " + portName + " will be dropped by KUBE-PROXY-FIREWALL").to(Target.NONE));
    }

    private void writePolicyChain(RulesetBuilder out, Chain chain, List<Endpoint> endpoints) {
        SessionAffinity affinity = port.policies().sessionAffinity();
        if (affinity.clientIp()) {
            for (Endpoint endpoint : endpoints) {
                Chain target = endpointChain(endpoint);
                out.add(Table.NAT, withEndpointComment(Rule.on(chain), endpoint)
                        .match(new Match.RecentCheck(target, affinity.timeoutSeconds())).jump(target));
            }
        }
        int count = endpoints.size();
        for (int i = 0; i < count; i++) {
            Endpoint endpoint = endpoints.get(i);
            Rule.Builder rule = withEndpointComment(Rule.on(chain), endpoint);
            if (i < count - 1) {
                rule.match(new Match.RandomProbability(Probabilities.oneIn(count - i)));
            }
            out.add(Table.NAT, rule.jump(endpointChain(endpoint)));
        }
    }

    private void writeEndpointChain(RulesetBuilder out, Chain chain, Endpoint endpoint) {
        // Hairpin: a pod reaching itself through the Service must be masqueraded, or it would answer itself.
        out.add(Table.NAT, withServiceComment(Rule.on(chain)).source(endpoint.ip()).jump(Chain.KUBE_MARK_MASQ));
        Rule.Builder dnat = withServiceComment(Rule.on(chain));
        if (port.policies().sessionAffinity().clientIp()) {
            dnat.match(new Match.RecentSet(chain));
        }
        out.add(Table.NAT, dnat.protocol(protocol).to(new Target.Dnat(endpoint.ip(), endpoint.port())));
    }

    /** Per-endpoint comments are left out in large clusters: they can make up 40% of the restore input. */
    private Rule.Builder withServiceComment(Rule.Builder rule) {
        return ctx.largeClusterMode() ? rule : rule.match(serviceComment);
    }

    private Rule.Builder withEndpointComment(Rule.Builder rule, Endpoint endpoint) {
        return ctx.largeClusterMode() ? rule : rule.comment(portName + " -> " + endpoint.hostPort());
    }

    private Chain endpointChain(Endpoint endpoint) {
        return endpointChains.computeIfAbsent(endpoint, e -> ChainNames.endpointChain(hashPrefix, e));
    }

    private static void declare(RulesetBuilder out, Set<Chain> active, Chain chain) {
        out.declare(Table.NAT, chain);
        active.add(chain);
    }
}
