package dev.junction.nftables.compile;

import dev.junction.core.model.SessionAffinity;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.TrafficPlan;
import dev.junction.nftables.compile.NftNames.PortNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of one Service port, as kube-proxy's nftables {@code syncProxyRules} writes them: dispatch elements for
 * each frontend (or no-endpoint verdicts), then the external, firewall, policy and endpoint chains, and the affinity
 * sets. Built once per port and compile.
 */
final class PortObjects {

    private final NftContext ctx;
    private final ServicePort port;
    private final TrafficPlan plan;
    private final PortNames names;
    private final Protocol protocol;
    private final String portName;
    private final NftRuleWriter writer;
    private final Map<NftElement.Identity, NftElement> elements = new LinkedHashMap<>();
    private final List<NftChain> chains = new ArrayList<>();
    private final List<AffinitySet> affinitySets = new ArrayList<>();

    PortObjects(NftContext ctx, ServicePort port) {
        this.ctx = ctx;
        this.port = port;
        this.plan = TrafficPlan.of(port);
        this.names = PortNames.of(port.name());
        this.protocol = port.name().protocol();
        this.portName = port.name().toString();
        this.writer = ctx.writer();
    }

    ServiceObjects compile() {
        writeClusterIpElements();
        writeExternalIpElements();
        writeLoadBalancerElements();
        writeNodePortElements();
        if (plan.usesExternalChain()) {
            chains.add(new NftChain(names.external(), externalChainRules()));
        }
        if (plan.usesFirewall()) {
            chains.add(new NftChain(names.firewall(), List.of(firewallRule())));
        }
        if (plan.usesClusterPolicy()) {
            chains.add(new NftChain(names.clusterPolicy(),
                    policyRules(port.endpoints().cluster(), !plan.internalPolicyLocal())));
        }
        if (plan.usesLocalPolicy()) {
            chains.add(new NftChain(names.localPolicy(),
                    policyRules(port.endpoints().local(), plan.internalPolicyLocal())));
        }
        if (port.policies().sessionAffinity().clientIp()) {
            writeAffinityEndpoints();
        }
        for (Endpoint endpoint : port.endpoints().reachable()) {
            add(NftElement.ofSet(NftMap.HAIRPIN_ENDPOINTS, writer.hairpinKey(endpoint)));
        }
        return new ServiceObjects(chains, List.copyOf(elements.values()), affinitySets);
    }

    private void writeClusterIpElements() {
        add(NftElement.ofSet(NftMap.CLUSTER_IPS, writer.addressKey(port.clusterIp())));
        String key = writer.addressKey(port.clusterIp(), protocol, port.port());
        if (plan.hasInternalEndpoints()) {
            add(NftElement.ofMap(NftMap.SERVICE_IPS, key, writer.goTo(internalPolicyChain())));
        } else {
            add(NftElement.ofMap(NftMap.NO_ENDPOINT_SERVICES, key, writer.unservedVerdict(plan.rejectsWhenUnserved()))
                    .withComment(portName));
        }
    }

    private void writeExternalIpElements() {
        for (IpAddress externalIp : port.frontends().externalIps()) {
            writeExternalAddress(externalIp);
        }
    }

    private void writeLoadBalancerElements() {
        for (IpAddress lbIp : port.frontends().loadBalancerIps()) {
            writeExternalAddress(lbIp);
            if (plan.usesFirewall()) {
                add(NftElement.ofMap(NftMap.FIREWALL_IPS, writer.addressKey(lbIp, protocol, port.port()),
                        writer.goTo(names.firewall())).withComment(portName));
            }
        }
    }

    /** NodePorts are not subject to loadBalancerSourceRanges, as in kube-proxy. */
    private void writeNodePortElements() {
        if (port.nodePort() == 0) {
            return;
        }
        String key = writer.portKey(protocol, port.nodePort());
        if (plan.hasEndpoints()) {
            add(NftElement.ofMap(NftMap.SERVICE_NODEPORTS, key, writer.goTo(names.external())));
        }
        if (!plan.hasExternalEndpoints()) {
            add(NftElement.ofMap(NftMap.NO_ENDPOINT_NODEPORTS, key,
                    writer.unservedVerdict(plan.rejectsWhenUnserved())).withComment(portName));
        }
    }

    /**
     * An external address leads to the external chain whenever any endpoint exists, so that pod and node traffic is
     * still short-circuited to Cluster endpoints; what falls through with no local endpoint meets the no-endpoint
     * verdict in the filter chains.
     */
    private void writeExternalAddress(IpAddress address) {
        String key = writer.addressKey(address, protocol, port.port());
        if (plan.hasEndpoints()) {
            add(NftElement.ofMap(NftMap.SERVICE_IPS, key, writer.goTo(names.external())));
        }
        if (!plan.hasExternalEndpoints()) {
            add(NftElement.ofMap(NftMap.NO_ENDPOINT_SERVICES, key,
                    writer.unservedVerdict(plan.rejectsWhenUnserved())).withComment(portName));
        }
    }

    private List<String> externalChainRules() {
        List<String> rules = new ArrayList<>();
        if (!plan.externalPolicyLocal()) {
            // Endpoints may be on other nodes: masquerade so that replies come back through this node.
            rules.add(writer.jump(NftRuleWriter.MARK_FOR_MASQUERADE));
        } else {
            // Pods reaching an external address are served as if they had gone out to the load balancer and back.
            ctx.localDetector().ifPresent(podCidr -> rules.add(writer.fromPods(podCidr, names.clusterPolicy())));
            // The node itself picks the local external address as source, so it must be masqueraded.
            rules.add(writer.masqueradeLocalSource());
            rules.add(writer.fromLocalSource(names.clusterPolicy()));
        }
        if (plan.hasExternalEndpoints()) {
            rules.add(writer.goTo(plan.externalPolicyLocal() ? names.localPolicy() : names.clusterPolicy()));
        }
        return rules;
    }

    private String firewallRule() {
        List<Cidr> ranges = port.frontends().loadBalancerSourceRanges();
        boolean allowFromNode = ranges.stream().anyMatch(range -> ctx.nodeIps().stream().anyMatch(range::contains));
        // A VIP-like load balancer often makes its IP local: the node's own request then loops back from the VIP.
        return writer.dropUnlessFrom(ranges, allowFromNode ? port.frontends().loadBalancerIps() : List.of());
    }

    /**
     * A policy chain balances over its endpoints; the internal one first masquerades off-cluster sources (a static
     * route to the Service range via any node lets the node bridge into the Service).
     */
    private List<String> policyRules(List<Endpoint> endpoints, boolean servesClusterIp) {
        List<String> rules = new ArrayList<>();
        if (servesClusterIp && plan.hasInternalEndpoints()) {
            if (ctx.masqueradeAll()) {
                rules.add(writer.masqueradeToClusterIp(port.clusterIp(), protocol, port.port()));
            } else {
                ctx.localDetector().ifPresent(podCidr -> rules.add(writer.masqueradeToClusterIpFromOutside(
                        port.clusterIp(), protocol, port.port(), podCidr)));
            }
        }
        if (!port.policies().sessionAffinity().clientIp()) {
            rules.addAll(writer.balanceAndDnat(protocol, endpoints));
            return rules;
        }
        for (Endpoint endpoint : endpoints) {
            rules.add(writer.stickToEndpoint(NftNames.affinitySet(port.name(), endpoint),
                    NftNames.endpointChain(port.name(), endpoint)));
        }
        rules.add(writer.balance(endpoints.stream().map(e -> NftNames.endpointChain(port.name(), e)).toList()));
        return rules;
    }

    /**
     * ClientIP affinity needs kube-proxy's endpoint chains: each remembers its clients in a set with the Service's
     * timeout. (Hairpin masquerade happens in the masquerading chain, for every endpoint alike.)
     */
    private void writeAffinityEndpoints() {
        SessionAffinity affinity = port.policies().sessionAffinity();
        for (Endpoint endpoint : port.endpoints().reachable()) {
            String set = NftNames.affinitySet(port.name(), endpoint);
            affinitySets.add(new AffinitySet(set, affinity.timeoutSeconds()));
            List<String> rules = List.of(writer.rememberClient(set), writer.dnat(protocol, endpoint));
            chains.add(new NftChain(NftNames.endpointChain(port.name(), endpoint), rules));
        }
    }

    private String internalPolicyChain() {
        return plan.internalPolicyLocal() ? names.localPolicy() : names.clusterPolicy();
    }

    private void add(NftElement element) {
        elements.putIfAbsent(element.identity(), element);
    }
}
