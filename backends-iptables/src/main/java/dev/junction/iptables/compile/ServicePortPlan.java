package dev.junction.iptables.compile;

import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.TrafficPlan;

/**
 * Which chains one Service port uses: the backend-neutral {@link TrafficPlan} mapped onto kube-proxy's iptables chain
 * names (upstream {@code syncProxyRules}, the block before "Capture the clusterIP").
 *
 * @param internalChain         the policy chain ClusterIP traffic jumps to
 * @param externalPolicyChain   the policy chain the EXT chain ends in
 * @param loadBalancerChain     where load-balancer IP traffic goes: the FW chain with source ranges, else EXT
 */
record ServicePortPlan(
        ChainNames.ServiceChains chains,
        TrafficPlan traffic,
        Chain internalChain,
        Chain externalPolicyChain,
        Chain loadBalancerChain) {

    static ServicePortPlan of(ServicePort port, ChainNames.ServiceChains chains) {
        TrafficPlan traffic = TrafficPlan.of(port);
        return new ServicePortPlan(
                chains,
                traffic,
                traffic.internalPolicyLocal() ? chains.localPolicy() : chains.clusterPolicy(),
                traffic.externalPolicyLocal() ? chains.localPolicy() : chains.clusterPolicy(),
                traffic.usesFirewall() ? chains.firewall() : chains.external());
    }

    /** REJECT when nothing serves the port anywhere, DROP when only the Local policy finds nothing. */
    Target.Verdict filterVerdict() {
        return traffic.rejectsWhenUnserved() ? Target.Verdict.REJECT : Target.Verdict.DROP;
    }

    String filterComment(String portName) {
        return traffic.rejectsWhenUnserved() ? portName + " has no endpoints" : portName + " has no local endpoints";
    }
}
