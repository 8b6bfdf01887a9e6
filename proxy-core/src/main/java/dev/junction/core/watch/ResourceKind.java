package dev.junction.core.watch;

/** The kinds of object Junction watches. */
public enum ResourceKind {
    SERVICE("Service"),
    ENDPOINT_SLICE("EndpointSlice"),
    NODE("Node"),
    /** Watched only in {@link WatchScope#CLUSTER}: cluster DNS tells an empty namespace from a missing one. */
    NAMESPACE("Namespace");

    private final String kind;

    ResourceKind(String kind) {
        this.kind = kind;
    }

    /** The API's {@code kind}. */
    public String kind() {
        return kind;
    }
}
