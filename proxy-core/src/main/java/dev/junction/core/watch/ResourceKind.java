package dev.junction.core.watch;

/** The kinds of object Junction watches. */
public enum ResourceKind {
    SERVICE("Service"),
    ENDPOINT_SLICE("EndpointSlice"),
    NODE("Node"),
    /** Watched only in {@link WatchScope#CLUSTER}: cluster DNS tells an empty namespace from a missing one. */
    NAMESPACE("Namespace"),
    /**
     * networking.k8s.io/v1, the prefixes ClusterIPs are allocated from; watched in both scopes when the API server
     * serves it (Kubernetes 1.33 and later).
     */
    SERVICE_CIDR("ServiceCIDR");

    private final String kind;

    ResourceKind(String kind) {
        this.kind = kind;
    }

    /** The API's {@code kind}. */
    public String kind() {
        return kind;
    }
}
