package dev.junction.core.health;

import static dev.junction.core.net.IpFamily.IPV4;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.testing.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthServerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void servesKubeProxyHeadersOverHttp() throws IOException, InterruptedException {
        ManualClock clock = new ManualClock(T0);
        ProxyHealth health = new ProxyHealth(clock, TIMEOUT);
        MeterRegistry registry = new SimpleMeterRegistry();
        health.updated(IPV4);

        try (HealthServer server = HealthServer.start(new InetSocketAddress("127.0.0.1", 0), health,
                () -> HealthEndpointsTest.ELIGIBLE, registry);
                HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> healthz = get(client, server, "/healthz");
            HttpResponse<String> livez = get(client, server, "/livez");
            HttpResponse<String> elsewhere = get(client, server, "/healthz/extra");

            assertThat(healthz.statusCode()).isEqualTo(200);
            assertThat(healthz.headers().map()).containsAllEntriesOf(Map.of(
                    "content-type", List.of("application/json"), "x-content-type-options", List.of("nosniff")));
            assertThat(healthz.body()).startsWith("{\"lastUpdated\":\"2026-01-01T00:00:00Z\"")
                    .contains("\"nodeEligible\":true");
            assertThat(livez.statusCode()).isEqualTo(200);
            assertThat(livez.body()).doesNotContain("nodeEligible");
            assertThat(elsewhere.statusCode()).isEqualTo(404);
        }
        assertThat(registry.get("kubeproxy.proxy.healthz").tag("code", "200").counter().count()).isEqualTo(1);
    }

    private static HttpResponse<String> get(HttpClient client, HealthServer server, String path)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

}
