package dev.junction.core.model;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.util.List;

/**
 * A Service as Junction uses it: validated, immutable, cluster-wide. Proxied and unproxied Services (headless,
 * ExternalName) alike, since the DNS responder answers for both.
 *
 * @param clusterIps            {@code spec.clusterIPs} (or {@code clusterIP}), primary family first; empty when
 *                              headless or ExternalName
 * @param headless              {@code clusterIP: None}
 * @param externalName          {@code spec.externalName}, "" unless type ExternalName
 * @param loadBalancerIps       {@code status.loadBalancer.ingress[].ip}, without those of {@code ipMode: Proxy}
 * @param healthCheckNodePort   0 unless a LoadBalancer with externalTrafficPolicy Local
 * @param trafficDistribution   {@code spec.trafficDistribution}, "" when unset
 * @param serviceProxyName      the label {@code service.kubernetes.io/service-proxy-name}, "" when absent: a Service
 *                              that names a proxy is left to that proxy (DNS still answers for it)
 */
public record ServiceInfo(
        ObjectRef ref,
        ServiceType type,
        List<IpAddress> clusterIps,
        boolean headless,
        String externalName,
        List<PortInfo> ports,
        ServiceFrontends frontends,
        ServicePolicies policies,
        boolean publishNotReadyAddresses,
        String trafficDistribution,
        String serviceProxyName) {

    public ServiceInfo {
        clusterIps = List.copyOf(clusterIps);
        ports = List.copyOf(ports);
        externalName = externalName == null ? "" : externalName;
        trafficDistribution = trafficDistribution == null ? "" : trafficDistribution;
        serviceProxyName = serviceProxyName == null ? "" : serviceProxyName;
    }

    /** Addresses, beyond the ClusterIPs, on which the Service is reachable from outside the cluster. */
    public record ServiceFrontends(
            List<IpAddress> externalIps, List<IpAddress> loadBalancerIps, List<Cidr> loadBalancerSourceRanges) {

        public static final ServiceFrontends NONE = new ServiceFrontends(List.of(), List.of(), List.of());

        public ServiceFrontends {
            externalIps = List.copyOf(externalIps);
            loadBalancerIps = List.copyOf(loadBalancerIps);
            loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
        }
    }

    /** How traffic to the Service picks endpoints. */
    public record ServicePolicies(
            TrafficPolicy externalTrafficPolicy,
            TrafficPolicy internalTrafficPolicy,
            SessionAffinity sessionAffinity,
            int healthCheckNodePort) {

        public static final ServicePolicies DEFAULT =
                new ServicePolicies(TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, SessionAffinity.NONE, 0);

        public ServicePolicies {
            if (healthCheckNodePort < 0 || healthCheckNodePort > 65_535) {
                throw new IllegalArgumentException("healthCheckNodePort " + healthCheckNodePort + " (expected: 0-65535)");
            }
        }
    }
}
