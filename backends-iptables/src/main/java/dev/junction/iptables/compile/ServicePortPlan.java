package dev.junction.iptables.compile;

import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;

/**
 * Which chains one Service port uses and where each kind of traffic goes, decided once from its policies and
 * categorized endpoints (upstream {@code syncProxyRules}, the block before "Capture the clusterIP").
 *
 * @param hasEndpoints          usable endpoints exist somewhere in the cluster (else REJECT everywhere)
 * @param hasInternalEndpoints  ClusterIP traffic has endpoints (else REJECT or, for iTP Local, DROP)
 * @param hasExternalEndpoints  external traffic has endpoints (else REJECT or, for eTP Local, DROP)
 * @param internalChain         the policy chain ClusterIP traffic jumps to
 * @param externalPolicyChain   the policy chain the EXT chain ends in
 * @param loadBalancerChain     where load-balancer IP traffic goes: the FW chain with source ranges, else EXT
 */
record ServicePortPlan(
        ChainNames.ServiceChains chains,
        boolean hasEndpoints,
        boolean hasInternalEndpoints,
        boolean hasExternalEndpoints,
        boolean usesClusterPolicyChain,
        boolean usesLocalPolicyChain,
        boolean usesExternalChain,
        boolean usesFirewallChain,
        Chain internalChain,
        Chain externalPolicyChain,
        Chain loadBalancerChain) {

    static ServicePortPlan of(ServicePort port, ChainNames.ServiceChains chains) {
        EndpointSet endpoints = port.endpoints();
        boolean hasEndpoints = endpoints.hasAnyEndpoints();
        boolean noLocal = endpoints.local().isEmpty();
        boolean internalLocal = port.isInternalPolicyLocal();
        boolean externalLocal = port.isExternalPolicyLocal();
        boolean usesFirewall = hasEndpoints && !port.frontends().loadBalancerIps().isEmpty()
                && !port.frontends().loadBalancerSourceRanges().isEmpty();
        return new ServicePortPlan(
                chains,
                hasEndpoints,
                hasEndpoints && !(internalLocal && noLocal),
                hasEndpoints && !(externalLocal && noLocal),
                !endpoints.cluster().isEmpty() && port.usesClusterEndpoints(),
                !noLocal && port.usesLocalEndpoints(),
                hasEndpoints && port.isExternallyAccessible(),
                usesFirewall,
                internalLocal ? chains.localPolicy() : chains.clusterPolicy(),
                externalLocal ? chains.localPolicy() : chains.clusterPolicy(),
                usesFirewall ? chains.firewall() : chains.external());
    }

    /** REJECT when nothing serves the port anywhere, DROP when only the Local policy finds nothing. */
    Target.Verdict filterVerdict() {
        return hasEndpoints ? Target.Verdict.DROP : Target.Verdict.REJECT;
    }

    String filterComment(String portName) {
        return hasEndpoints ? portName + " has no local endpoints" : portName + " has no endpoints";
    }
}
