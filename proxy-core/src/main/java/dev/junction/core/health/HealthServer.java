package dev.junction.core.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.core.metrics.ProxyMeters;
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
 * its Node is unknown, being deleted, or tainted {@code ToBeDeletedByClusterAutoscaler}. Requests are served one at a
 * time on the JDK server's dispatcher thread.
 */
public final class HealthServer implements AutoCloseable {

    /** kube-proxy's default {@code healthzBindAddress}. */
    public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress("0.0.0.0", 10256);

    static final String HEALTHZ = "/healthz";
    static final String LIVEZ = "/livez";

    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

    private final ProxyHealth health;
    private final Supplier<Optional<NodeInfo>> node;
    private final MeterRegistry registry;
    private final HttpServer server;

    private HealthServer(ProxyHealth health, Supplier<Optional<NodeInfo>> node, MeterRegistry registry,
            HttpServer server) {
        this.health = health;
        this.node = node;
        this.registry = registry;
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
        HealthServer healthServer = new HealthServer(health, node, registry, server);
        server.createContext(HEALTHZ, healthServer::handle);
        server.createContext(LIVEZ, healthServer::handle);
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

    /** The answer for {@code path}, counted in kube-proxy's per-code counters; empty for an unknown path. */
    Optional<HealthResponse> respond(String path) {
        return switch (path) {
            case HEALTHZ -> Optional.of(counted(ProxyMeters.PROXY_HEALTHZ,
                    HealthResponse.healthz(health.report(), isNodeEligible())));
            case LIVEZ -> Optional.of(counted(ProxyMeters.PROXY_LIVEZ, HealthResponse.livez(health.report())));
            default -> Optional.empty();
        };
    }

    private boolean isNodeEligible() {
        return node.get().map(NodeInfo::eligible).orElse(false);
    }

    private HealthResponse counted(ProxyMeters meter, HealthResponse response) {
        meter.counter(registry, Integer.toString(response.code())).increment();
        return response;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<HealthResponse> response = respond(exchange.getRequestURI().getPath());
            if (response.isEmpty()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = response.get().body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(response.get().code(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
