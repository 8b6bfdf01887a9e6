package dev.junction.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.health.ProxyHealth;
import dev.junction.core.metrics.MetricsServer;
import dev.junction.core.metrics.ProxyMeters;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpFamily;
import dev.junction.core.testing.ServicePorts;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kube-proxy's exact metric names, scraped over HTTP after real syncs: dashboards and alerts depend on them. */
class SyncLoopScrapeTest {

    private static final SyncTiming FAST = new SyncTiming(Duration.ZERO, Duration.ofHours(1), Duration.ofMillis(10), Duration.ofHours(1));

    @Test
    void scrapesKubeProxyNamesAfterASync() throws IOException, InterruptedException {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        // The store's counters, registered as the store registers them.
        ProxyMeters.SERVICE_CHANGES.counter(registry).increment();
        ProxyMeters.ENDPOINT_CHANGES.counter(registry).increment(2);
        FakeSnapshotSource source = new FakeSnapshotSource();
        RecordingBackend backend = new RecordingBackend(Set.of(IpFamily.IPV4));
        source.markSynced();

        try (SyncLoop loop = new SyncLoop(source, backend, FAST,
                new ProxyHealth(Clock.systemUTC(), FAST.healthTimeout()), registry);
                MetricsServer server = MetricsServer.start(registry, new InetSocketAddress("127.0.0.1", 0));
                HttpClient client = HttpClient.newHttpClient()) {
            loop.start();
            source.change(List.of(ServicePorts.port("web", TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, 0,
                    ServicePorts.onlyElsewhere(ServicePorts.endpoint("198.18.1.1", false)))), Instant.now());
            await().until(() -> loop.lastApplied().map(s -> s.generation() == 1).orElse(false));

            HttpResponse<String> text = scrape(client, server, "text/plain");
            HttpResponse<String> openMetrics = scrape(client, server, "application/openmetrics-text");

            assertThat(text.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(text.body().lines()).contains(
                    "kubeproxy_sync_proxy_rules_service_changes_total 1.0",
                    "kubeproxy_sync_proxy_rules_endpoint_changes_total 2.0",
                    "# TYPE kubeproxy_sync_proxy_rules_no_local_endpoints_total gauge",
                    "kubeproxy_sync_proxy_rules_no_local_endpoints_total{ip_family=\"IPv4\","
                            + "traffic_policy=\"internal\"} 1.0",
                    "kubeproxy_sync_proxy_rules_no_local_endpoints_total{ip_family=\"IPv4\","
                            + "traffic_policy=\"external\"} 0.0");
            assertThat(text.body()).contains(
                    "kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family=\"IPv4\",le=\"0.001\"} ",
                    "kubeproxy_sync_proxy_rules_duration_seconds_bucket{ip_family=\"IPv4\",le=\"16.384\"} ",
                    "kubeproxy_sync_full_proxy_rules_duration_seconds_bucket{ip_family=\"IPv4\",le=\"0.001\"} ",
                    "kubeproxy_sync_partial_proxy_rules_duration_seconds_bucket{ip_family=\"IPv4\",le=\"0.001\"} ",
                    "kubeproxy_sync_proxy_rules_last_timestamp_seconds{ip_family=\"IPv4\"} ",
                    "kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds{ip_family=\"IPv4\"} ",
                    "kubeproxy_network_programming_duration_seconds_bucket{ip_family=\"IPv4\",le=\"0.25\"} 1",
                    "kubeproxy_network_programming_duration_seconds_bucket{ip_family=\"IPv4\",le=\"300.0\"} 1",
                    "jvm_memory_used_bytes{",
                    "process_uptime_seconds ");
            assertThat(openMetrics.headers().firstValue("Content-Type")).contains(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(openMetrics.body()).contains(
                    "kubeproxy_sync_proxy_rules_no_local_endpoints_total{ip_family=\"IPv4\","
                            + "traffic_policy=\"internal\"} 1.0");
        }
    }

    private static HttpResponse<String> scrape(HttpClient client, MetricsServer server, String accept)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
        return client.send(HttpRequest.newBuilder(uri).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
