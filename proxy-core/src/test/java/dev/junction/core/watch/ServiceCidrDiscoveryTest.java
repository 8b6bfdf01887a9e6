package dev.junction.core.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision to watch ServiceCIDRs, against a scripted API discovery (expectations mode), and the informer that
 * meets a 404 after all. The mock server's own client answers discovery without asking, so this test's client is a
 * plain one.
 */
class ServiceCidrDiscoveryTest {

    private static final String GROUP_VERSION = "/apis/networking.k8s.io/v1";

    private final KubernetesMockServer server = new KubernetesMockServer(false);
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        server.init();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(server.url("/"))
                .withRequestRetryBackoffLimit(0).build()).build();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    /** {@code logged}: the start of the one line logged, or null when there is none. */
    record Case(String name, int status, Object body, boolean watchable, String logged) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("Kubernetes 1.33 or later serves them: watched, quietly", HttpURLConnection.HTTP_OK,
                        resources("NetworkPolicy", "ServiceCIDR"), true, null),
                new Case("networking.k8s.io/v1 without servicecidrs (Kubernetes 1.32): not watched, one INFO line",
                        HttpURLConnection.HTTP_OK, resources("NetworkPolicy", "IngressClass"), false,
                        "INFO ServiceCIDRs not watched: the API server does not serve networking.k8s.io/v1"
                                + " servicecidrs (Kubernetes before 1.33)"),
                new Case("no networking.k8s.io/v1 at all: not watched, one INFO line", HttpURLConnection.HTTP_NOT_FOUND,
                        "", false, "INFO ServiceCIDRs not watched"),
                new Case("discovery fails: watched anyway, the informer retries", HttpURLConnection.HTTP_INTERNAL_ERROR,
                        "", true, "WARN API discovery failed, watching ServiceCIDRs anyway"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decidesFromApiDiscovery(Case c) {
        server.expect().withPath(GROUP_VERSION).andReturn(c.status(), c.body()).always();

        try (LogCapture log = new LogCapture(ServiceCidrDiscovery.class)) {
            assertThat(ServiceCidrDiscovery.isWatchable(client)).isEqualTo(c.watchable());

            if (c.logged() == null) {
                assertThat(log.lines()).isEmpty();
            } else {
                assertThat(log.lines()).singleElement().asString().startsWith(c.logged());
            }
        }
    }

    @Test
    void aListAnswered404MeansTheServerDoesNotServeThemAndSaysSoOnce() {
        try (LogCapture log = new LogCapture(ServiceCidrDiscovery.class)) {
            assertThat(ServiceCidrDiscovery.isNotServed(new KubernetesClientException("Not Found",
                    HttpURLConnection.HTTP_NOT_FOUND, null))).isTrue();
            assertThat(ServiceCidrDiscovery.isNotServed(new RuntimeException("watch failed",
                    new KubernetesClientException("Internal Server Error", HttpURLConnection.HTTP_INTERNAL_ERROR,
                            null)))).isFalse();

            assertThat(log.lines()).singleElement().asString()
                    .startsWith("INFO ServiceCIDRs not watched: the API server does not serve")
                    .endsWith("(its list answered 404 Not Found)");
        }
    }

    /**
     * Discovery fails, so the informer starts; the list then answers 404 (an unscripted path in expectations mode),
     * and the informer gives up on ServiceCIDRs with one INFO line instead of a WARN every 30 s.
     */
    @Test
    void anInformerStartedWithoutDiscoveryStopsAtA404() {
        server.expect().withPath(GROUP_VERSION).andReturn(HttpURLConnection.HTTP_INTERNAL_ERROR, "").always();

        try (LogCapture log = new LogCapture(ServiceCidrDiscovery.class);
                InformerSource source = new InformerSource(client, "node-a", Duration.ZERO)) {
            source.start(event -> { });

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.lines())
                    .anySatisfy(line -> assertThat(line).endsWith("(its list answered 404 Not Found)")));
        }
    }

    private static Object resources(String... kinds) {
        return new APIResourceListBuilder().withGroupVersion("networking.k8s.io/v1")
                .withResources(Stream.of(kinds).map(kind -> new APIResourceBuilder().withKind(kind)
                        .withName(kind.toLowerCase() + "s").withNamespaced(false).build()).toList())
                .build();
    }
}
