package dev.junction.core.health;

import dev.junction.core.http.EndpointServer;
import dev.junction.core.http.EndpointServer.Response;
import dev.junction.core.model.NodeInfo;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * kube-proxy's health endpoints on {@code healthzBindAddress}. {@code /livez} answers 200 while {@link ProxyHealth}
 * is healthy, else 503. {@code /healthz} also answers 503 while this node is not eligible for load-balancer traffic:
 * its Node is unknown, being deleted, or tainted {@code ToBeDeletedByClusterAutoscaler}. Both answer JSON with
 * {@code X-Content-Type-Options: nosniff}. Requests are served one at a time on the JDK server's dispatcher thread.
 */
public final class HealthServer implements AutoCloseable {

    /** kube-proxy's default {@code healthzBindAddress}. */
    public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress("0.0.0.0", 10256);

    private final EndpointServer server;

    private HealthServer(EndpointServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code /healthz} and {@code /livez} on {@code address} (port 0 picks a free port).
     *
     * @param node this node as last seen, empty while unknown; called on every {@code /healthz} request
     * @throws IOException when the address cannot be bound
     */
    public static HealthServer start(InetSocketAddress address, ProxyHealth health, Supplier<Optional<NodeInfo>> node,
            MeterRegistry registry) throws IOException {
        HealthEndpoints endpoints = new HealthEndpoints(health, node, registry);
        return new HealthServer(EndpointServer.start("health", address, request -> endpoints.respond(request.path())
                .map(response -> new Response(response.code(), HealthResponse.HEADERS, response.body()))));
    }

    /** The bound port, useful when started on port 0. */
    public int port() {
        return server.port();
    }

    /** Stops serving at once. Idempotent. */
    @Override
    public void close() {
        server.close();
    }
}
