package dev.junction.dns.server;

import dev.junction.core.http.EndpointServer;
import dev.junction.core.http.EndpointServer.Request;
import dev.junction.core.http.EndpointServer.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

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
    private static final Map<String, String> TEXT = Map.of("Content-Type", "text/plain; charset=utf-8");

    private final EndpointServer server;

    private DnsHealthServer(EndpointServer server) {
        this.server = server;
    }

    /**
     * @param ready whether the responder is ready, such as {@link ClusterDnsServer#isReady()}
     * @throws IOException when the address cannot be bound
     */
    public static DnsHealthServer start(InetSocketAddress address, BooleanSupplier ready) throws IOException {
        return new DnsHealthServer(EndpointServer.start("dns health", address, request -> respond(request, ready)));
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    private static Optional<Response> respond(Request request, BooleanSupplier ready) {
        return switch (request.path()) {
            case HEALTH -> Optional.of(new Response(200, TEXT, "OK"));
            case READY -> {
                boolean isReady = ready.getAsBoolean();
                yield Optional.of(new Response(isReady ? 200 : 503, TEXT, isReady ? "OK" : "kubernetes"));
            }
            default -> Optional.empty();
        };
    }
}
