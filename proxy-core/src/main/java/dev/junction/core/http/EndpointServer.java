package dev.junction.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server for operational endpoints ({@code /healthz}, {@code /metrics}, {@code /ready}): a router maps
 * exact paths to responses, anything else is 404 (as Go's ServeMux with exact patterns). Requests are served one at a
 * time on the JDK server's dispatcher thread, so a router must answer quickly and never block.
 */
public final class EndpointServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointServer.class);

    /** What a router sees of a request. */
    public record Request(String path, Optional<String> accept) {
    }

    /** A complete response; the body is sent as UTF-8. */
    public record Response(int code, Map<String, String> headers, String body) {

        public Response {
            headers = Map.copyOf(headers);
        }
    }

    /** Maps a request to its response, or to empty for a path it does not serve (404). */
    @FunctionalInterface
    public interface Router {
        Optional<Response> route(Request request);
    }

    private final HttpServer server;

    private EndpointServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds {@code address} (port 0 picks a free port, see {@link #port()}) and starts serving.
     *
     * @param name for the log line, such as {@code health} or {@code metrics}
     * @throws IOException when the address cannot be bound
     */
    public static EndpointServer start(String name, InetSocketAddress address, Router router) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/", exchange -> respond(exchange, router));
        server.start();
        LOG.info("{} server started address={}", name, server.getAddress());
        return new EndpointServer(server);
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

    private static void respond(HttpExchange exchange, Router router) throws IOException {
        try (exchange) {
            Request request = new Request(exchange.getRequestURI().getPath(),
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Accept")));
            Optional<Response> response = router.route(request);
            if (response.isEmpty()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = response.get().body().getBytes(StandardCharsets.UTF_8);
            response.get().headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(response.get().code(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
