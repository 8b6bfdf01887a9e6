package dev.junction.core.watch;

import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides once, from API discovery, whether to watch networking.k8s.io/v1 ServiceCIDRs. The API is GA since Kubernetes
 * 1.33; an older API server does not serve it, and an informer on it would then fail and retry forever. Unwatched,
 * the store's set of ServiceCIDRs stays empty.
 */
final class ServiceCidrDiscovery {

    private static final Logger log = LoggerFactory.getLogger(ServiceCidrDiscovery.class);

    private ServiceCidrDiscovery() {
    }

    /**
     * True when the API server serves ServiceCIDRs, and also when discovery itself fails (the server unreachable, say):
     * every Kubernetes since 1.33 serves them, and the informer retries with backoff like the others. Logs the
     * decision unless the answer is a plain yes. Blocks for as long as Fabric8 retries the discovery request.
     */
    static boolean isWatchable(KubernetesClient client) {
        try {
            if (client.supports(ServiceCIDR.class)) {
                return true;
            }
            log.info("ServiceCIDRs not watched: the API server does not serve networking.k8s.io/v1 servicecidrs"
                    + " (Kubernetes before 1.33); the set of ServiceCIDRs stays empty");
            return false;
        } catch (KubernetesClientException e) {
            log.warn("API discovery failed, watching ServiceCIDRs anyway (served since Kubernetes 1.33) reason={}",
                    e.toString());
            return true;
        }
    }
}
