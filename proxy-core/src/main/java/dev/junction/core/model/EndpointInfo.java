package dev.junction.core.model;

import dev.junction.core.net.IpAddress;
import java.util.List;
import java.util.Set;

/**
 * One endpoint of an EndpointSlice. Conditions are resolved with kube-proxy's defaults: an unset {@code ready} or
 * {@code serving} is true, an unset {@code terminating} is false.
 *
 * @param addresses   all addresses of the endpoint (kube-proxy uses only the first; DNS may use all)
 * @param hostname    {@code hostname}, "" when unset
 * @param nodeName    {@code nodeName}, "" when unset
 * @param zone        {@code zone}, "" when unset
 * @param podName     {@code targetRef.name} when the target is a Pod, "" otherwise
 */
public record EndpointInfo(
        List<IpAddress> addresses,
        String hostname,
        String nodeName,
        String zone,
        EndpointConditions conditions,
        Set<String> zoneHints,
        Set<String> nodeHints,
        String podName) {

    public EndpointInfo {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs at least one address");
        }
        hostname = hostname == null ? "" : hostname;
        nodeName = nodeName == null ? "" : nodeName;
        zone = zone == null ? "" : zone;
        zoneHints = Set.copyOf(zoneHints);
        nodeHints = Set.copyOf(nodeHints);
        podName = podName == null ? "" : podName;
    }

    /** The address kube-proxy proxies to: the first one. */
    public IpAddress address() {
        return addresses.get(0);
    }

    /** {@code conditions} of an endpoint after defaulting. */
    public record EndpointConditions(boolean ready, boolean serving, boolean terminating) {

        public static final EndpointConditions READY = new EndpointConditions(true, true, false);

        /** Applies kube-proxy's defaults to the nullable API fields. */
        public static EndpointConditions of(Boolean ready, Boolean serving, Boolean terminating) {
            return new EndpointConditions(ready == null || ready, serving == null || serving,
                    terminating != null && terminating);
        }
    }
}
