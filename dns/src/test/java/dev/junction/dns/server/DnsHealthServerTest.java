package dev.junction.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DnsHealthServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void healthIsAlwaysOkAndReadyFollowsTheZone() throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        try (DnsHealthServer server = DnsHealthServer.start(new InetSocketAddress("127.0.0.1", 0), ready::get)) {
            assertThat(get(server, "/health")).isEqualTo("200 OK");
            assertThat(get(server, "/ready")).isEqualTo("503 kubernetes");

            ready.set(true);

            assertThat(get(server, "/ready")).isEqualTo("200 OK");
            assertThat(get(server, "/other")).isEqualTo("404 ");
        }
    }

    private String get(DnsHealthServer server, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
