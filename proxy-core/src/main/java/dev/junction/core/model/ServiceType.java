package dev.junction.core.model;

/** {@code spec.type} of a Service. */
public enum ServiceType {
    CLUSTER_IP("ClusterIP"),
    NODE_PORT("NodePort"),
    LOAD_BALANCER("LoadBalancer"),
    EXTERNAL_NAME("ExternalName");

    private final String kubernetesName;

    ServiceType(String kubernetesName) {
        this.kubernetesName = kubernetesName;
    }

    /** Parses the API spelling; an absent type is ClusterIP, as the API server defaults it. */
    public static ServiceType parse(String text) {
        if (text == null || text.isEmpty()) {
            return CLUSTER_IP;
        }
        for (ServiceType type : values()) {
            if (type.kubernetesName.equals(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "type \"" + text + "\" (expected: ClusterIP, NodePort, LoadBalancer or ExternalName)");
    }

    public String kubernetesName() {
        return kubernetesName;
    }
}
