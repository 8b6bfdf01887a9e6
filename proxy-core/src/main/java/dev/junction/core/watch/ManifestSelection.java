package dev.junction.core.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks from manifest objects what an informer would have delivered: Services and EndpointSlices that
 * {@link ProxySelectors} serves in the given {@link WatchScope}, only this node's Node, every ServiceCIDR
 * (networking.k8s.io/v1), and Namespaces in the CLUSTER scope. Other kinds (including discovery.k8s.io/v1beta1
 * EndpointSlices) are skipped with a DEBUG line. A namespaced object without a namespace gets {@code default}, as
 * {@code kubectl apply} would give it.
 */
final class ManifestSelection {

    private static final Logger log = LoggerFactory.getLogger(ManifestSelection.class);
    private static final String DEFAULT_NAMESPACE = "default";

    private final String nodeName;
    private final WatchScope scope;

    ManifestSelection(String nodeName, WatchScope scope) {
        this.nodeName = nodeName;
        this.scope = scope;
    }

    /**
     * The served objects as one {@link WatchEvent.Replaced} per kind, every kind present even when empty (Namespaces
     * too, empty outside the CLUSTER scope).
     */
    List<WatchEvent.Replaced> select(List<HasMetadata> objects) {
        Map<ResourceKind, List<HasMetadata>> byKind = new EnumMap<>(ResourceKind.class);
        for (ResourceKind kind : ResourceKind.values()) {
            byKind.put(kind, new ArrayList<>());
        }
        for (HasMetadata object : objects) {
            switch (object) {
                case Service service when ProxySelectors.isServed(scope, service) ->
                        byKind.get(ResourceKind.SERVICE).add(withDefaultNamespace(service));
                case EndpointSlice slice when ProxySelectors.isServed(scope, slice) ->
                        byKind.get(ResourceKind.ENDPOINT_SLICE).add(withDefaultNamespace(slice));
                case Node node when nodeName.equals(node.getMetadata().getName()) ->
                        byKind.get(ResourceKind.NODE).add(node);
                case Namespace namespace when scope == WatchScope.CLUSTER ->
                        byKind.get(ResourceKind.NAMESPACE).add(namespace);
                case ServiceCIDR serviceCidr -> byKind.get(ResourceKind.SERVICE_CIDR).add(serviceCidr);
                default -> log.debug("{} skipped kind={} apiVersion={} (not served, or another node)",
                        object.getMetadata().getName(), object.getKind(), object.getApiVersion());
            }
        }
        return byKind.entrySet().stream().map(e -> new WatchEvent.Replaced(e.getKey(), e.getValue())).toList();
    }

    private static HasMetadata withDefaultNamespace(HasMetadata object) {
        if (object.getMetadata().getNamespace() == null || object.getMetadata().getNamespace().isEmpty()) {
            object.getMetadata().setNamespace(DEFAULT_NAMESPACE);
        }
        return object;
    }
}
