package dev.junction.core.snapshot;

import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import java.util.List;

/**
 * One proxied (Service, port, IP family), kube-proxy's {@code ServicePort}: everything a backend needs to program it.
 * Frontend addresses are already filtered to {@link #family()}.
 *
 * @param nodePort 0 when the port has none
 */
public record ServicePort(
        ServicePortName name,
        IpFamily family,
        IpAddress clusterIp,
        int port,
        int nodePort,
        Frontends frontends,
        ServicePolicies policies,
        EndpointSet endpoints) implements Comparable<ServicePort> {

    /** External addresses of this family. */
    public record Frontends(
            List<IpAddress> externalIps, List<IpAddress> loadBalancerIps, List<Cidr> loadBalancerSourceRanges) {

        public static final Frontends NONE = new Frontends(List.of(), List.of(), List.of());

        public Frontends {
            externalIps = List.copyOf(externalIps);
            loadBalancerIps = List.copyOf(loadBalancerIps);
            loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
        }
    }

    /** Reachable from outside the cluster: a NodePort, an externalIP or a load-balancer IP. */
    public boolean isExternallyAccessible() {
        return nodePort != 0 || !frontends.externalIps().isEmpty() || !frontends.loadBalancerIps().isEmpty();
    }

    /** externalTrafficPolicy Local, on a port that has an external frontend. */
    public boolean isExternalPolicyLocal() {
        return isExternallyAccessible() && policies.externalTrafficPolicy() == TrafficPolicy.LOCAL;
    }

    public boolean isInternalPolicyLocal() {
        return policies.internalTrafficPolicy() == TrafficPolicy.LOCAL;
    }

    /** Whether some traffic to this port may go to any endpoint in the cluster (kube-proxy's UsesClusterEndpoints). */
    public boolean usesClusterEndpoints() {
        return !isInternalPolicyLocal() || isExternallyAccessible();
    }

    /** Whether some traffic to this port goes only to local endpoints (kube-proxy's UsesLocalEndpoints). */
    public boolean usesLocalEndpoints() {
        return isInternalPolicyLocal() || isExternalPolicyLocal();
    }

    @Override
    public int compareTo(ServicePort other) {
        int byName = name.compareTo(other.name);
        return byName != 0 ? byName : family.compareTo(other.family);
    }
}
