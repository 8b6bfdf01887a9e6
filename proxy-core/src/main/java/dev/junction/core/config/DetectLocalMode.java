package dev.junction.core.config;

import java.util.Arrays;
import java.util.stream.Collectors;

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
        for (DetectLocalMode mode : values()) {
            if (mode.kubernetesName.equals(text)) {
                return mode;
            }
        }
        String names = Arrays.stream(values()).map(DetectLocalMode::kubernetesName).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("(expected: one of " + names + ")");
    }

    @Override
    public String toString() {
        return kubernetesName;
    }
}
