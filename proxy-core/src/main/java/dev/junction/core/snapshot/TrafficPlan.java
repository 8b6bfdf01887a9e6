package dev.junction.core.snapshot;

/**
 * Where each kind of traffic to one Service port may go, decided from its policies and categorized endpoints exactly
 * as kube-proxy's {@code syncProxyRules} does before it writes any rule. Every kernel backend builds its rules from
 * this plan, so iptables and nftables can never disagree about REJECT, DROP or which policy chain serves whom.
 *
 * @param hasEndpoints               usable endpoints exist somewhere in the cluster (else REJECT everywhere)
 * @param hasInternalEndpoints       ClusterIP traffic has endpoints (else REJECT or, for iTP Local, DROP)
 * @param hasExternalEndpoints       external traffic has endpoints (else REJECT or, for eTP Local, DROP)
 * @param usesClusterPolicy          some traffic is balanced over the Cluster endpoints
 * @param usesLocalPolicy            some traffic is balanced over the Local endpoints
 * @param usesExternalChain          external frontends lead to the per-port external chain
 * @param usesFirewall               load-balancer IPs are filtered by {@code loadBalancerSourceRanges}
 * @param internalPolicyLocal        ClusterIP traffic uses the Local policy chain
 * @param externalPolicyLocal        external traffic uses the Local policy chain
 */
public record TrafficPlan(
        boolean hasEndpoints,
        boolean hasInternalEndpoints,
        boolean hasExternalEndpoints,
        boolean usesClusterPolicy,
        boolean usesLocalPolicy,
        boolean usesExternalChain,
        boolean usesFirewall,
        boolean internalPolicyLocal,
        boolean externalPolicyLocal) {

    public static TrafficPlan of(ServicePort port) {
        EndpointSet endpoints = port.endpoints();
        boolean hasEndpoints = endpoints.hasAnyEndpoints();
        boolean noLocal = endpoints.local().isEmpty();
        boolean internalLocal = port.isInternalPolicyLocal();
        boolean externalLocal = port.isExternalPolicyLocal();
        return new TrafficPlan(
                hasEndpoints,
                hasEndpoints && !(internalLocal && noLocal),
                hasEndpoints && !(externalLocal && noLocal),
                !endpoints.cluster().isEmpty() && port.usesClusterEndpoints(),
                !noLocal && port.usesLocalEndpoints(),
                hasEndpoints && port.isExternallyAccessible(),
                hasEndpoints && !port.frontends().loadBalancerIps().isEmpty()
                        && !port.frontends().loadBalancerSourceRanges().isEmpty(),
                internalLocal,
                externalLocal);
    }

    /** Traffic that finds no endpoint is rejected when nothing serves the port anywhere, else dropped. */
    public boolean rejectsWhenUnserved() {
        return !hasEndpoints;
    }
}
