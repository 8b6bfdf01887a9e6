package dev.junction.daemonset.demo;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The Services of {@code junction demo} and of the end-to-end tests, as the YAML an operator would write, one of each
 * kind kube-proxy handles. Pods a1 and a2 run on this node (node-a); b1 is declared on node-b (it is routed through
 * this node all the same, so only the label differs).
 */
public final class DemoManifests {

    public static final String A1 = "198.18.1.11";
    public static final String A2 = "198.18.1.12";
    public static final String B1 = "198.18.1.21";
    public static final String CLIENT_POD = "198.18.1.50";
    public static final String A1_V6 = "2001:2::1:11";
    public static final String A2_V6 = "2001:2::1:12";
    public static final String B1_V6 = "2001:2::1:21";
    public static final String CLIENT_POD_V6 = "2001:2::1:50";
    public static final int POD_PORT = 8080;
    public static final String SERVICE_CIDR = "198.18.0.0/24";
    public static final String SERVICE_CIDR6 = "2001:2:0:10::/112";

    private DemoManifests() {
    }

    /** Every Service, with {@code churnEndpoints} behind {@code ns1/churn}. */
    public static String all(List<String> churnEndpoints) {
        return String.join("---\n",
                node(),
                serviceCidr(),
                service("web", "NodePort", "198.18.0.10", 80, "TCP", "nodePort: 30080", ""),
                slice("web", "TCP", List.of(A1, A2, B1)),
                service("web6", "NodePort", "2001:2:0:10::10", 80, "TCP", "nodePort: 30087",
                        "  ipFamilies: [IPv6]\n"),
                slice("web6", "TCP", List.of(A1_V6, A2_V6, B1_V6)),
                service("local6", "ClusterIP", "2001:2:0:10::11", 80, "TCP", "",
                        "  ipFamilies: [IPv6]\n  externalTrafficPolicy: Local\n  externalIPs: [2001:2:0:11::11]\n"),
                slice("local6", "TCP", List.of(A1_V6, B1_V6)),
                service("local", "LoadBalancer", "198.18.0.11", 80, "TCP",
                        "nodePort: 30081", """
                          externalTrafficPolicy: Local
                          healthCheckNodePort: 30091
                        status:
                          loadBalancer:
                            ingress:
                              - ip: 198.19.1.11
                        """),
                slice("local", "TCP", List.of(A1, B1)),
                service("empty", "ClusterIP", "198.18.0.12", 80, "TCP", "", ""),
                service("remote", "NodePort", "198.18.0.13", 80, "TCP", "nodePort: 30083",
                        "  externalTrafficPolicy: Local\n  externalIPs: [198.19.1.13]\n"),
                slice("remote", "TCP", List.of(B1)),
                service("sticky", "ClusterIP", "198.18.0.14", 80, "TCP", "", "  sessionAffinity: ClientIP\n"),
                slice("sticky", "TCP", List.of(A1, A2, B1)),
                service("ranged", "LoadBalancer", "198.18.0.15", 80, "TCP", "nodePort: 30085", """
                          loadBalancerSourceRanges: [198.19.0.2/32]
                        status:
                          loadBalancer:
                            ingress:
                              - ip: 198.19.1.15
                        """),
                slice("ranged", "TCP", List.of(A1)),
                service("dns", "ClusterIP", "198.18.0.16", 53, "UDP", "", ""),
                slice("dns", "UDP", List.of(A1, A2)),
                service("udp-local", "NodePort", "198.18.0.18", 53, "UDP", "nodePort: 30086",
                        "  externalTrafficPolicy: Local\n  externalIPs: [198.19.1.18]\n"),
                slice("udp-local", "UDP", List.of(A1, B1)),
                service("inner", "ClusterIP", "198.18.0.19", 80, "TCP", "", "  internalTrafficPolicy: Local\n"),
                slice("inner", "TCP", List.of(B1)),
                service("churn", "ClusterIP", "198.18.0.17", 80, "TCP", "", ""),
                slice("churn", "TCP", churnEndpoints));
    }

    /** Node node-a, the node the demo's agent (and the container tests' agent) runs as. */
    public static String node() {
        return """
                apiVersion: v1
                kind: Node
                metadata:
                  name: node-a
                  labels:
                    topology.kubernetes.io/zone: zone-a
                status:
                  addresses:
                    - type: InternalIP
                      address: 198.19.0.1
                    - type: InternalIP
                      address: 2001:2::ff:1
                """;
    }

    /**
     * The ServiceCIDR every ClusterIP above comes from, as the API server creates it from
     * {@code --service-cluster-ip-range}: {@link #SERVICE_CIDR} and {@link #SERVICE_CIDR6}.
     */
    public static String serviceCidr() {
        return """
                apiVersion: networking.k8s.io/v1
                kind: ServiceCIDR
                metadata:
                  name: kubernetes
                spec:
                  cidrs: [%s, %s]
                """.formatted(SERVICE_CIDR, SERVICE_CIDR6);
    }

    /** Service {@code ns1/name} with one port named "p" that targets {@link #POD_PORT}. */
    public static String service(String name, String type, String clusterIp, int port, String protocol,
            String portExtra, String specExtra) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: ns1
                spec:
                  type: %s
                  clusterIP: %s
                  ports:
                    - name: p
                      port: %d
                      protocol: %s
                      targetPort: %d
                      %s
                %s""".formatted(name, type, clusterIp, port, protocol, POD_PORT, portExtra, specExtra);
    }

    /**
     * The EndpointSlice of {@code ns1/service}: ready endpoints on node-a, except b1 on node-b; IPv6 when the
     * addresses are.
     */
    public static String slice(String service, String protocol, List<String> endpoints) {
        String listed = endpoints.stream().map(ip -> """
                  - addresses: [%s]
                    nodeName: %s
                    conditions: {ready: true}
                """.formatted(ip, ip.equals(B1) || ip.equals(B1_V6) ? "node-b" : "node-a"))
                .collect(Collectors.joining());
        String addressType = endpoints.stream().anyMatch(ip -> ip.contains(":")) ? "IPv6" : "IPv4";
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s-1
                  namespace: ns1
                  labels:
                    kubernetes.io/service-name: %s
                addressType: %s
                ports:
                  - name: p
                    port: %d
                    protocol: %s
                endpoints:%s
                """.formatted(service, service, addressType, POD_PORT, protocol,
                listed.isEmpty() ? " []\n" : "\n" + listed);
    }
}
