package dev.junction.dns.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoreDNS's probe endpoints on one address: {@code /health} answers 200 "OK" while the process serves (the
 * {@code health} plugin), {@code /ready} answers 200 "OK" once the zone is built from a synced store, else 503 naming
 * what is not ready (the {@code ready} plugin). Requests are served one at a time on the JDK server's thread.
 */
public final class DnsHealthServer implements AutoCloseable {

    /** CoreDNS's {@code health} default port. */
    public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress("0.0.0.0", 8080);
    static final String HEALTH = "/health";
    static final String READY = "/ready";

    private static final Logger log = LoggerFactory.getLogger(DnsHealthServer.class);

    private final HttpServer server;
    private final BooleanSupplier ready;

    private DnsHealthServer(HttpServer server, BooleanSupplier ready) {
        this.server = server;
        this.ready = ready;
    }

    /**
     * @param ready whether the responder is ready, such as {@link ClusterDnsServer#isReady()}
     * @throws IOException when the address cannot be bound
     */
    public static DnsHealthServer start(InetSocketAddress address, BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        DnsHealthServer health = new DnsHealthServer(server, ready);
        server.createContext("/", health::handle);
        server.start();
        log.info("dns health server started address={}", server.getAddress());
        return health;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case HEALTH -> respond(exchange, 200, "OK");
                case READY -> {
                    boolean isReady = ready.getAsBoolean();
                    respond(exchange, isReady ? 200 : 503, isReady ? "OK" : "kubernetes");
                }
                default -> exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
