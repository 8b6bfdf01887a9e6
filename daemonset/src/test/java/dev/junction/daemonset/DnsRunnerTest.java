package dev.junction.daemonset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.config.HostPort;
import dev.junction.core.net.IpAddress;
import dev.junction.dns.records.ZoneSettings;
import dev.junction.dns.server.DnsSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction dns} wired for real from a manifest file: headless Services must reach DNS (CLUSTER scope). */
class DnsRunnerTest {

    private static final String MANIFEST = """
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: ns1}
            spec:
              clusterIP: None
              ports: [{name: pg, port: 5432}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: db-1
              namespace: ns1
              labels: {kubernetes.io/service-name: db, service.kubernetes.io/headless: ""}
            addressType: IPv4
            ports: [{name: pg, port: 5432, protocol: TCP}]
            endpoints:
              - addresses: [198.18.1.1]
                hostname: db-0
            """;

    @Test
    void servesHeadlessServicesFromAManifestWithProbesAndMetrics(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dig")), "needs dig (Debian package dnsutils)");
        Path manifest = Files.writeString(dir.resolve("objects.yaml"), MANIFEST);
        HostPort any = new HostPort(IpAddress.parse("127.0.0.1"), 0);
        DnsConfig config = new DnsConfig(Optional.of(manifest), Optional.empty(), "node-a",
                DnsSettings.of(new InetSocketAddress("127.0.0.1", 0), ZoneSettings.defaults(), List.of()), any, any);

        try (DnsRunner.Running running = DnsRunner.start(config)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> running.dns().isReady());

            assertThat(dig(running.dns().address(), "db-0.db.ns1.svc.cluster.local")).contains("198.18.1.1");
            assertThat(http(running.health().port(), "/ready")).isEqualTo("200 OK");
            assertThat(http(running.metrics().port(), "/metrics"))
                    .contains("junction_dns_requests_total", "junction_dns_cache_entries 0.0");
        }
    }

    private static String dig(InetSocketAddress server, String name) throws Exception {
        Process process = new ProcessBuilder("/usr/bin/dig", "@" + server.getHostString(), "-p",
                Integer.toString(server.getPort()), "+short", "+tries=1", "+time=2", name, "A")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String http(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
