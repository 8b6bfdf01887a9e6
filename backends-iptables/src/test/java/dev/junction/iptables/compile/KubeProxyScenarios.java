package dev.junction.iptables.compile;

import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static dev.junction.iptables.compile.SnapshotFixtures.snapshot;

import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;

/** Snapshots shared by the golden and packet-trace tests, mirroring upstream proxier_test.go set-ups. */
public final class KubeProxyScenarios {

    private KubeProxyScenarios() {
    }

    /**
     * Upstream {@code TestOverallIPTablesRules} with our addresses: svc1 ClusterIP; svc2 LoadBalancer eTP Local
     * whose only endpoint is remote; svc3 NodePort; svc4 externalIP with a local and a remote endpoint; svc5
     * LoadBalancer with source ranges and affinity; svc6 without endpoints.
     */
    public static ClusterSnapshot overall() {
        return snapshot(
                servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80).endpoint("198.18.128.1", 80)
                        .build(),
                servicePort("ns2", "svc2", "p80").clusterIp("198.18.0.42").port(80).nodePort(3001)
                        .externalTrafficPolicy(TrafficPolicy.LOCAL).loadBalancerIp("198.19.1.4")
                        .externalIp("198.19.99.22").healthCheckNodePort(30000).endpoint("198.18.128.2", 80).build(),
                servicePort("ns3", "svc3", "p80").clusterIp("198.18.0.43").port(80).nodePort(3003)
                        .endpoint("198.18.128.3", 80).build(),
                servicePort("ns4", "svc4", "p80").clusterIp("198.18.0.44").port(80).externalIp("198.19.99.33")
                        .endpoint("198.18.128.4", 80).endpoint("198.18.128.5", 80).local().build(),
                servicePort("ns5", "svc5", "p80").clusterIp("198.18.0.45").port(80).nodePort(3002)
                        .loadBalancerIp("198.19.5.8").sourceRange("198.19.113.0/25").clientIpAffinity(10800)
                        .endpoint("198.18.128.3", 80).build(),
                servicePort("ns6", "svc6", "p80").clusterIp("198.18.0.46").port(80).build());
    }

    /**
     * Upstream {@code TestExternalTrafficPolicyLocal}: a LoadBalancer with eTP Local, an externalIP and a NodePort;
     * one remote endpoint, plus a local one when {@code withLocalEndpoint}.
     */
    public static ClusterSnapshot externalPolicyLocal(boolean withLocalEndpoint) {
        SnapshotFixtures.PortBuilder port = servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80)
                .nodePort(3001).externalTrafficPolicy(TrafficPolicy.LOCAL).externalIp("198.19.99.11")
                .loadBalancerIp("198.19.2.4").healthCheckNodePort(30000).endpoint("198.18.129.1", 80);
        if (withLocalEndpoint) {
            port.endpoint("198.18.128.2", 80).local();
        }
        return snapshot(port.build());
    }

    /** One dual-stack NodePort Service: the same port once per family. */
    public static ClusterSnapshot dualStack() {
        return snapshot(
                servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80).nodePort(3001)
                        .endpoint("198.18.128.1", 80).build(),
                servicePort("ns1", "svc1", "p80").clusterIp("fd00:198:18::41").port(80).nodePort(3001)
                        .externalIp("fd00:198:19::99").endpoint("fd00:198:18:1::1", 80)
                        .endpoint("fd00:198:18:1::2", 80).local().build());
    }

    /** A UDP port (DNS) and an SCTP port, each with one endpoint. */
    public static ClusterSnapshot udpAndSctp() {
        return snapshot(servicePort("kube-system", "dns", "dns").protocol(Protocol.UDP).clusterIp("198.18.0.10")
                        .port(53).endpoint("198.18.128.53", 53).build(),
                servicePort("ns1", "sctp", "sig").protocol(Protocol.SCTP).clusterIp("198.18.0.11").port(9000)
                        .endpoint("198.18.128.9", 9000).build());
    }

    /** One NodePort Service with one endpoint. */
    public static ClusterSnapshot nodePort() {
        return snapshot(servicePort("ns3", "svc3", "p80").clusterIp("198.18.0.43").port(80).nodePort(3003)
                .endpoint("198.18.128.3", 80).build());
    }

    /** iTP Local: svc1 has a local and a remote endpoint, svc2 only a remote one. */
    public static ClusterSnapshot internalPolicyLocal() {
        return snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80)
                        .internalTrafficPolicy(TrafficPolicy.LOCAL).endpoint("198.18.128.1", 80).local()
                        .endpoint("198.18.128.2", 80).build(),
                servicePort("ns2", "svc2", "p80").clusterIp("198.18.0.42").port(80)
                        .internalTrafficPolicy(TrafficPolicy.LOCAL).endpoint("198.18.128.3", 80).build());
    }

    /** ClientIP affinity with a 600 s timeout over two endpoints. */
    public static ClusterSnapshot clientIpAffinity() {
        return snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80).clientIpAffinity(600)
                .endpoint("198.18.128.1", 80).endpoint("198.18.128.2", 80).build());
    }

    /** A NodePort, externalIP and load-balancer IP Service without any endpoint. */
    public static ClusterSnapshot noEndpoints() {
        return snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80).nodePort(3001)
                .externalIp("198.19.99.11").loadBalancerIp("198.19.2.4").build());
    }

    /** One ClusterIP Service with one endpoint. */
    public static ClusterSnapshot oneEndpoint() {
        return snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80)
                .endpoint("198.18.128.1", 80).build());
    }
}
