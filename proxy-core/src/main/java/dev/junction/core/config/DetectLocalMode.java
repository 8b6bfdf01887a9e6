package dev.junction.core.config;

/** How traffic from local pods is recognised: kube-proxy's {@code detectLocalMode}, spelled as kube-proxy does. */
public enum DetectLocalMode {
    CLUSTER_CIDR("ClusterCIDR"),
    NODE_CIDR("NodeCIDR"),
    BRIDGE_INTERFACE("BridgeInterface"),
    INTERFACE_NAME_PREFIX("InterfaceNamePrefix");

    private final String kubernetesName;

    DetectLocalMode(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    public String kubernetesName() {
        return kubernetesName;
    }

    public static DetectLocalMode parse(String text) {
        return EnumSpelling.parse(values(), text);
    }

    @Override
    public String toString() {
        return kubernetesName;
    }
}
