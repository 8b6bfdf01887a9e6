package dev.junction.core.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.core.model.NodeInfo;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's health endpoints on {@code healthzBindAddress}. {@code /livez} answers 200 while {@link ProxyHealth}
 * is healthy, else 503. {@code /healthz} also answers 503 while this node is not eligible for load-balancer traffic:
 * its Node is unknown, being deleted, or tainted {@code ToBeDeletedByClusterAutoscaler}. Both answer JSON with
 * {@code X-Content-Type-Options: nosniff}. Requests are served one at a time on the JDK server's dispatcher thread.
 */
public final class HealthServer implements AutoCloseable {

    /** kube-proxy's default {@code healthzBindAddress}. */
    public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress("0.0.0.0", 10256);

    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

    private final HealthEndpoints endpoints;
    private final HttpServer server;

    private HealthServer(HealthEndpoints endpoints, HttpServer server) {
        this.endpoints = endpoints;
        this.server = server;
    }

    /**
     * Serves {@code /healthz} and {@code /livez} on {@code address} (port 0 picks a free port, see {@link #port()}).
     *
     * @param node this node as last seen, empty while unknown; called on every {@code /healthz} request
     * @throws IOException when the address cannot be bound
     */
    public static HealthServer start(InetSocketAddress address, ProxyHealth health, Supplier<Optional<NodeInfo>> node,
            MeterRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        HealthServer healthServer = new HealthServer(new HealthEndpoints(health, node, registry), server);
        server.createContext(HealthEndpoints.HEALTHZ, healthServer::handle);
        server.createContext(HealthEndpoints.LIVEZ, healthServer::handle);
        server.start();
        log.info("health server started address={}", server.getAddress());
        return healthServer;
    }

    /** The bound port, useful when started on port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving at once. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // Contexts match by prefix; only the exact paths are endpoints, as with Go's ServeMux.
            Optional<HealthResponse> response = endpoints.respond(exchange.getRequestURI().getPath());
            if (response.isEmpty()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = response.get().body().getBytes(StandardCharsets.UTF_8);
            HealthResponse.HEADERS.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(response.get().code(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
