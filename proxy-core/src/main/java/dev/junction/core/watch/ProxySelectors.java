package dev.junction.core.watch;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Map;

/**
 * Which Services and EndpointSlices a service proxy serves: the informers send these as server-side selectors and the
 * file source applies them as predicates, so that both sources deliver the same objects.
 *
 * <p>Mirrors kube-proxy's {@code ProxyServer.Run} (cmd/kube-proxy/app/server.go): Services are listed with
 * {@code !service.kubernetes.io/service-proxy-name} and the field selector {@code spec.clusterIP!=None} (headless
 * Services are served by DNS alone), EndpointSlices with {@code !service.kubernetes.io/headless}. Older kube-proxy
 * releases sent {@code !service-proxy-name,!headless} for both kinds. The served Services are the same; a slice of a
 * Service left to another proxy (the EndpointSlice controller copies the Service's labels onto it) is now delivered
 * but finds no Service in the store, so it is unused.
 *
 * <p>A source of {@link WatchScope#CLUSTER} applies none of these.
 */
final class ProxySelectors {

    /** A Service that names another proxy is left to that proxy. */
    static final String SERVICE_PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name";
    /** Set by the EndpointSlice controller on the slices of headless Services. */
    static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
    static final String CLUSTER_IP_FIELD = "spec.clusterIP";
    static final String CLUSTER_IP_NONE = "None";

    private ProxySelectors() {
    }

    /** Whether a source of {@code scope} delivers {@code service}. */
    static boolean isServed(WatchScope scope, Service service) {
        return scope == WatchScope.CLUSTER || isServed(service);
    }

    /** Whether a source of {@code scope} delivers {@code slice}. */
    static boolean isServed(WatchScope scope, EndpointSlice slice) {
        return scope == WatchScope.CLUSTER || isServed(slice);
    }

    private static boolean isServed(Service service) {
        boolean headless = service.getSpec() != null && CLUSTER_IP_NONE.equals(service.getSpec().getClusterIP());
        return !headless && !hasLabel(service.getMetadata().getLabels(), SERVICE_PROXY_NAME_LABEL);
    }

    private static boolean isServed(EndpointSlice slice) {
        return !hasLabel(slice.getMetadata().getLabels(), HEADLESS_LABEL);
    }

    private static boolean hasLabel(Map<String, String> labels, String key) {
        return labels != null && labels.containsKey(key);
    }
}
