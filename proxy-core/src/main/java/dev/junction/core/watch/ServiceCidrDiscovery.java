package dev.junction.core.watch;

import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether to watch networking.k8s.io/v1 ServiceCIDRs: once, from API discovery, and again if an informer
 * started without an answer from discovery meets a 404. The API is GA since Kubernetes 1.33; an older API server does
 * not serve it, and an informer on it would then fail and retry forever. Unwatched, the store's set of ServiceCIDRs
 * stays empty.
 */
final class ServiceCidrDiscovery {

    private static final Logger log = LoggerFactory.getLogger(ServiceCidrDiscovery.class);

    private static final String NOT_WATCHED = "ServiceCIDRs not watched: the API server does not serve"
            + " networking.k8s.io/v1 servicecidrs (Kubernetes before 1.33); the set of ServiceCIDRs stays empty";

    private ServiceCidrDiscovery() {
    }

    /**
     * Whether a failed list or watch of ServiceCIDRs says the API server does not serve them (404 Not Found): what an
     * informer started after a failed discovery meets on a server older than 1.33. Logs that once, at INFO.
     */
    static boolean isNotServed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException e && e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                log.info("{} (its list answered 404 Not Found)", NOT_WATCHED);
                return true;
            }
        }
        return false;
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
            log.info(NOT_WATCHED);
            return false;
        } catch (KubernetesClientException e) {
            log.warn("API discovery failed, watching ServiceCIDRs anyway (served since Kubernetes 1.33) reason={}",
                    e.toString());
            return true;
        }
    }
}
