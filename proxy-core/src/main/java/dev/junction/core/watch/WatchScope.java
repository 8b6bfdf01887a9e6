package dev.junction.core.watch;

/**
 * Which Services and EndpointSlices a source delivers, and whether it delivers Namespaces.
 *
 * <p>{@link #PROXY} is kube-proxy's view (see {@link ProxySelectors}): no headless Services, no slices of headless
 * Services, no Services that name another proxy. {@link #CLUSTER} is every Service and EndpointSlice, which cluster
 * DNS needs; a service proxy fed from a CLUSTER-scope store must skip what PROXY would have hidden itself (the store
 * keeps {@code ServiceInfo.serviceProxyName} for that, and {@code SnapshotBuilder.isProxied} checks it).
 */
public enum WatchScope {
    /** kube-proxy's selectors; the default. */
    PROXY,
    /** No selectors: every Service and EndpointSlice, and every Namespace. */
    CLUSTER
}
