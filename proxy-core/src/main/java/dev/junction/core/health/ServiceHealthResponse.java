package dev.junction.core.health;

import dev.junction.core.model.ObjectRef;

/**
 * What a {@code healthCheckNodePort} answers on any path, as kube-proxy's service {@code hcHandler}: 200 while the
 * Service has a local endpoint and the proxy is healthy, else 503.
 */
record ServiceHealthResponse(ObjectRef service, int localEndpoints, boolean proxyHealthy) {

    /** kube-proxy's header telling weighted load balancers (GCE's WEIGHTED_MAGLEV) how many endpoints run here. */
    static final String ENDPOINT_WEIGHT_HEADER = "X-Load-Balancing-Endpoint-Weight";

    int code() {
        return localEndpoints > 0 && proxyHealthy ? HealthResponse.OK : HealthResponse.UNAVAILABLE;
    }

    /**
     * The body byte for byte as kube-proxy writes it: a dedented Go template, so tab-indented JSON with a space after
     * each colon and no trailing newline; names quoted as Go's {@code %q} does.
     */
    String body() {
        return "{\n"
                + "\t\"service\": {\n"
                + "\t\t\"namespace\": " + quote(service.namespace()) + ",\n"
                + "\t\t\"name\": " + quote(service.name()) + "\n"
                + "\t},\n"
                + "\t\"localEndpoints\": " + localEndpoints + ",\n"
                + "\t\"serviceProxyHealthy\": " + proxyHealthy + "\n"
                + "}";
    }

    /**
     * Go's {@code %q} for what an object name can hold: names are DNS labels or subdomains, so only the escapes that
     * Go and JSON share can ever apply.
     */
    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
