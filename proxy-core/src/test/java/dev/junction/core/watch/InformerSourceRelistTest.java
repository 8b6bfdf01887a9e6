package dev.junction.core.watch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Relists, against a scripted mock API server (expectations mode): the CRUD mock never answers 410 Gone and never
 * fails a watch, so this script does. Services are listed as {@code a@1, b@1}; the watch then changes {@code a} and
 * fails; the relist returns {@code a@11, c@12}. The informer must deliver exactly what changed (a new {@code c}, a
 * deleted {@code b}) and nothing for {@code a}, whose version the watch already delivered: a relist neither loses state
 * nor deletes what still exists. Without the source's exception handler, Fabric8 would stop the informer after a watch
 * failure other than 410, and the relist would never come.
 */
class InformerSourceRelistTest {

    private static final String SERVICES = "/api/v1/services?fieldSelector=spec.clusterIP%21%3DNone"
            + "&labelSelector=%21service.kubernetes.io%2Fservice-proxy-name";
    private static final String SLICES = "/apis/discovery.k8s.io/v1/endpointslices"
            + "?labelSelector=%21service.kubernetes.io%2Fheadless";
    private static final String NODES = "/api/v1/nodes?fieldSelector=metadata.name%3Dnode-a";
    private static final long EMIT_GAP_MILLIS = 50;

    private final KubernetesMockServer server = new KubernetesMockServer(false);
    private final EventQueue events = new EventQueue();
    private KubernetesClient client;
    private InformerSource source;

    @BeforeEach
    void startServer() {
        server.init();
        server.setUnsupported("networking.k8s.io/v1"); // the script serves no ServiceCIDRs
        client = server.createClient();
    }

    @AfterEach
    void stopServer() {
        if (source != null) {
            source.close();
        }
        client.close();
        server.destroy();
    }

    record FailureCase(String name, String watchFailure) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FailureCase> failures() {
        var gone = new io.fabric8.kubernetes.api.model.WatchEvent(new StatusBuilder()
                .withCode(HttpURLConnection.HTTP_GONE).withReason("Expired")
                .withMessage("too old resource version: 10 (11)").build(), "ERROR");
        return Stream.of(
                new FailureCase("410 Gone on the watch", new KubernetesSerialization().asJson(gone)),
                new FailureCase("a watch event that cannot be processed",
                        "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ServiceList\",\"items\":[]}}"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aRelistDeliversOnlyWhatChanged(FailureCase testCase) {
        scriptServices(testCase.watchFailure());
        scriptEmpty(SLICES, new EndpointSliceListBuilder().withMetadata(new ListMetaBuilder().withResourceVersion("1").build())
                .build());
        scriptEmpty(NODES, new NodeListBuilder().withMetadata(new ListMetaBuilder().withResourceVersion("1").build()).build());

        try (LogCapture log = new LogCapture(InformerSource.class)) {
            source = new InformerSource(client, "node-a", Duration.ZERO);
            source.start(events);

            List<String> serviceEvents = Stream.generate(events::next).filter(e -> e.kind() == ResourceKind.SERVICE)
                    .limit(6).map(InformerSourceRelistTest::describe).toList();

            assertThat(serviceEvents).containsExactly("Upserted a@1", "Upserted b@1", "Synced",
                    "Upserted a@11", "Upserted c@12", "Deleted b@1");
            if (!testCase.watchFailure().contains("\"code\":410")) {
                log.awaitLine(Level.WARN, "list/watch failed kind=Service");
            }
        }
        events.assertNoneWithin(Duration.ofMillis(500));
    }

    private void scriptServices(String watchFailure) {
        server.expect().withPath(SERVICES + "&resourceVersion=0")
                .andReturn(200, serviceList("10", service("a", "1"), service("b", "1"))).once();
        server.expect().withPath(watch(SERVICES, "10")).andUpgradeToWebSocket().open()
                .waitFor(EMIT_GAP_MILLIS)
                .andEmit(new io.fabric8.kubernetes.api.model.WatchEvent(service("a", "11"), "MODIFIED"))
                .waitFor(EMIT_GAP_MILLIS).andEmit(watchFailure)
                .done().once();
        server.expect().withPath(SERVICES)
                .andReturn(200, serviceList("12", service("a", "11"), service("c", "12"))).always();
        openIdleWatch(watch(SERVICES, "12"));
    }

    private void scriptEmpty(String path, Object emptyList) {
        server.expect().withPath(path + "&resourceVersion=0").andReturn(200, emptyList).once();
        server.expect().withPath(path).andReturn(200, emptyList).always();
        openIdleWatch(watch(path, "1"));
    }

    /**
     * A watch with nothing to say. The mock closes a WebSocket once it has sent its script; the informer then relists,
     * which the scripts answer with unchanged lists, so nothing is delivered.
     */
    private void openIdleWatch(String path) {
        server.expect().withPath(path).andUpgradeToWebSocket().open().done().always();
    }

    /** The client sends query parameters in alphabetical order. */
    private static String watch(String list, String resourceVersion) {
        String path = list.substring(0, list.indexOf('?'));
        String selectors = list.substring(list.indexOf('?') + 1);
        return path + "?allowWatchBookmarks=true&" + selectors + "&resourceVersion=" + resourceVersion
                + "&timeoutSeconds=600&watch=true";
    }

    private static Service service(String name, String resourceVersion) {
        return new ServiceBuilder().withNewMetadata().withNamespace("shop").withName(name)
                .withResourceVersion(resourceVersion).endMetadata()
                .withNewSpec().withClusterIP("198.18.0.10").endSpec().build();
    }

    private static Object serviceList(String resourceVersion, Service... services) {
        return new ServiceListBuilder().withMetadata(new ListMetaBuilder().withResourceVersion(resourceVersion).build())
                .withItems(services).build();
    }

    private static String describe(WatchEvent event) {
        return switch (event) {
            case WatchEvent.Upserted upserted -> "Upserted " + upserted.object().getMetadata().getName() + "@"
                    + upserted.object().getMetadata().getResourceVersion();
            case WatchEvent.Deleted deleted -> "Deleted " + deleted.lastKnown().getMetadata().getName() + "@"
                    + deleted.lastKnown().getMetadata().getResourceVersion();
            case WatchEvent.Synced synced -> "Synced";
            case WatchEvent.Replaced replaced -> "Replaced";
        };
    }
}
