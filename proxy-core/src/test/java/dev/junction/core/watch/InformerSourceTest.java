package dev.junction.core.watch;

import static dev.junction.core.fixtures.ObjectFixtures.serviceCidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The informers against Fabric8's mock API server in CRUD mode: objects created, changed and deleted through the
 * client arrive as events. The CRUD mock evaluates label selectors and {@code metadata.name} field selectors, but not
 * {@code spec.clusterIP!=None}, so that one is checked on the request. The mock's client answers API discovery with
 * yes unless told otherwise ({@code setUnsupported}); {@link ServiceCidrDiscoveryTest} asks a scripted server. Relists
 * are covered by {@link InformerSourceRelistTest}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class InformerSourceTest {

    private static final String NODE = "node-a";
    /** The kinds of kube-proxy's scope (Namespaces are watched only in the CLUSTER scope). */
    private static final List<ResourceKind> PROXY_KINDS =
            List.of(ResourceKind.SERVICE, ResourceKind.ENDPOINT_SLICE, ResourceKind.NODE, ResourceKind.SERVICE_CIDR);

    KubernetesMockServer server;
    KubernetesClient client;

    private final EventQueue events = new EventQueue();
    private InformerSource source;

    @AfterEach
    void closeSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void deliversTheInitialListThenSynced() {
        client.resource(service("shop", "web")).create();
        client.resource(service("shop", "other-proxy", ProxySelectors.SERVICE_PROXY_NAME_LABEL, "other")).create();
        client.resource(slice("shop", "web-1")).create();
        client.resource(slice("shop", "headless-1", ProxySelectors.HEADLESS_LABEL, "")).create();
        client.resource(node(NODE)).create();
        client.resource(node("node-b")).create();
        client.resource(serviceCidr("kubernetes", "198.18.0.0/16")).create();

        start();
        List<WatchEvent> initial = events.next(2 * PROXY_KINDS.size());

        assertThat(initial).filteredOn(WatchEvent.Upserted.class::isInstance)
                .extracting(event -> event.kind() + " " + EventQueue.name(((WatchEvent.Upserted) event).object()))
                .containsExactlyInAnyOrder("SERVICE shop/web", "ENDPOINT_SLICE shop/web-1", "NODE node-a",
                        "SERVICE_CIDR kubernetes");
        for (ResourceKind kind : PROXY_KINDS) {
            List<WatchEvent> ofKind = initial.stream().filter(event -> event.kind() == kind).toList();
            assertThat(ofKind).as("%s: its object, then Synced", kind).hasSize(2)
                    .last().isEqualTo(new WatchEvent.Synced(kind));
        }
        events.assertNoneWithin(Duration.ofMillis(300));
    }

    @Test
    void syncsEveryKindOnAnEmptyCluster() {
        start();

        assertThat(events.next(PROXY_KINDS.size()))
                .containsExactlyInAnyOrderElementsOf(PROXY_KINDS.stream().map(WatchEvent.Synced::new).toList());
    }

    @Test
    void servicesAreAddedChangedAndDeleted() {
        startSynced();

        client.resource(service("shop", "web")).create();
        assertUpserted(ResourceKind.SERVICE, "shop/web");

        client.services().inNamespace("shop").withName("web")
                .edit(s -> new ServiceBuilder(s).editSpec().withSessionAffinity("ClientIP").endSpec().build());
        Service changed = (Service) assertUpserted(ResourceKind.SERVICE, "shop/web");
        assertThat(changed.getSpec().getSessionAffinity()).isEqualTo("ClientIP");

        client.services().inNamespace("shop").withName("web").delete();
        assertDeleted(ResourceKind.SERVICE, "shop/web");
    }

    @Test
    void endpointSlicesAreAddedChangedAndDeleted() {
        startSynced();

        client.resource(slice("shop", "web-1")).create();
        assertUpserted(ResourceKind.ENDPOINT_SLICE, "shop/web-1");

        client.discovery().v1().endpointSlices().inNamespace("shop").withName("web-1").edit(s ->
                new EndpointSliceBuilder(s).editFirstEndpoint().editConditions().withReady(false).endConditions()
                        .endEndpoint().build());
        EndpointSlice changed = (EndpointSlice) assertUpserted(ResourceKind.ENDPOINT_SLICE, "shop/web-1");
        assertThat(changed.getEndpoints().get(0).getConditions().getReady()).isFalse();

        client.discovery().v1().endpointSlices().inNamespace("shop").withName("web-1").delete();
        assertDeleted(ResourceKind.ENDPOINT_SLICE, "shop/web-1");
    }

    @Test
    void onlyThisNodeIsWatched() {
        startSynced();

        client.resource(node("node-b")).create();
        client.resource(node(NODE)).create();
        assertUpserted(ResourceKind.NODE, NODE);

        client.nodes().withName(NODE).edit(n -> new NodeBuilder(n).editMetadata()
                .addToLabels("topology.kubernetes.io/zone", "zone-b").endMetadata().build());
        Node changed = (Node) assertUpserted(ResourceKind.NODE, NODE);
        assertThat(changed.getMetadata().getLabels()).containsEntry("topology.kubernetes.io/zone", "zone-b");

        client.nodes().withName(NODE).delete();
        assertDeleted(ResourceKind.NODE, NODE);
        events.assertNoneWithin(Duration.ofMillis(300));
    }

    @Test
    void serviceCidrsAreAddedChangedAndDeleted() {
        startSynced();

        client.resource(serviceCidr("extra", "198.19.0.0/24")).create();
        assertUpserted(ResourceKind.SERVICE_CIDR, "extra");

        client.resource(serviceCidr("extra", "198.19.0.0/24", "fd00:198:19::/112")).update();
        assertThat(assertUpserted(ResourceKind.SERVICE_CIDR, "extra"))
                .isInstanceOfSatisfying(ServiceCIDR.class, changed -> assertThat(changed.getSpec().getCidrs())
                        .containsExactly("198.19.0.0/24", "fd00:198:19::/112"));

        client.network().v1().serviceCIDRs().withName("extra").delete();
        assertDeleted(ResourceKind.SERVICE_CIDR, "extra");
    }

    @Test
    void aServerWithoutServiceCidrsSaysSoOnceAndServesTheOtherKinds() {
        server.setUnsupported("networking.k8s.io/v1");
        client.resource(serviceCidr("kubernetes", "198.18.0.0/16")).create();
        try (LogCapture log = new LogCapture(ServiceCidrDiscovery.class)) {
            start();

            assertThat(events.next(3)).containsExactlyInAnyOrder(new WatchEvent.Synced(ResourceKind.SERVICE),
                    new WatchEvent.Synced(ResourceKind.ENDPOINT_SLICE), new WatchEvent.Synced(ResourceKind.NODE));
            log.awaitLine(Level.INFO, "ServiceCIDRs not watched", "Kubernetes before 1.33");
        }
        client.resource(service("shop", "web")).create();

        assertUpserted(ResourceKind.SERVICE, "shop/web");
        events.assertNoneWithin(Duration.ofMillis(300));
    }

    @Test
    void anObjectGainingAnExcludedLabelIsDeleted() {
        startSynced();
        client.resource(service("shop", "web")).create();
        client.resource(slice("shop", "web-1")).create();
        assertThat(events.next(2)).extracting(WatchEvent::getClass).containsOnly(WatchEvent.Upserted.class);

        client.services().inNamespace("shop").withName("web").edit(s -> new ServiceBuilder(s).editMetadata()
                .addToLabels(ProxySelectors.SERVICE_PROXY_NAME_LABEL, "other").endMetadata().build());
        assertDeleted(ResourceKind.SERVICE, "shop/web");

        client.discovery().v1().endpointSlices().inNamespace("shop").withName("web-1").edit(s ->
                new EndpointSliceBuilder(s).editMetadata().addToLabels(ProxySelectors.HEADLESS_LABEL, "")
                        .endMetadata().build());
        assertDeleted(ResourceKind.ENDPOINT_SLICE, "shop/web-1");
    }

    @Test
    void sendsKubeProxysSelectors() throws InterruptedException {
        startSynced();

        List<String> lists = new ArrayList<>();
        for (var request = server.takeRequest(1, TimeUnit.SECONDS); request != null;
                request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            lists.add(URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8));
        }

        assertThat(lists).anySatisfy(path -> assertThat(path).startsWith("/api/v1/services?")
                .contains("labelSelector=!service.kubernetes.io/service-proxy-name")
                .contains("fieldSelector=spec.clusterIP!=None"));
        assertThat(lists).anySatisfy(path -> assertThat(path)
                .startsWith("/apis/discovery.k8s.io/v1/endpointslices?")
                .contains("labelSelector=!service.kubernetes.io/headless"));
        assertThat(lists).anySatisfy(path -> assertThat(path).startsWith("/api/v1/nodes?")
                .contains("fieldSelector=metadata.name=" + NODE));
    }

    @Test
    void clusterScopeDeliversEveryServiceAndSliceWithoutSelectorsAndTheNamespaces() throws InterruptedException {
        client.resource(service("shop", "other-proxy", ProxySelectors.SERVICE_PROXY_NAME_LABEL, "other")).create();
        client.resource(slice("shop", "headless-1", ProxySelectors.HEADLESS_LABEL, "")).create();
        client.resource(new NamespaceBuilder().withNewMetadata().withName("empty").endMetadata().build()).create();
        source = new InformerSource(client, NODE, WatchScope.CLUSTER, Duration.ZERO);
        source.start(events);

        List<WatchEvent> initial = events.next(8);
        assertThat(initial).filteredOn(WatchEvent.Upserted.class::isInstance)
                .extracting(event -> event.kind() + " " + EventQueue.name(((WatchEvent.Upserted) event).object()))
                .containsExactlyInAnyOrder("SERVICE shop/other-proxy", "ENDPOINT_SLICE shop/headless-1",
                        "NAMESPACE empty");
        assertThat(initial).contains(new WatchEvent.Synced(ResourceKind.NAMESPACE),
                new WatchEvent.Synced(ResourceKind.SERVICE_CIDR));
        List<String> lists = new ArrayList<>();
        for (var request = server.takeRequest(1, TimeUnit.SECONDS); request != null;
                request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            lists.add(URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8));
        }
        assertThat(lists).filteredOn(path -> path.startsWith("/api/v1/services?")
                        || path.startsWith("/apis/discovery.k8s.io/v1/endpointslices?")).isNotEmpty()
                .allSatisfy(path -> assertThat(path).doesNotContain("labelSelector").doesNotContain("fieldSelector"));
    }

    @Test
    void aResyncReplaysObjectsAsUpserts() {
        client.resource(service("shop", "web")).create();
        source = new InformerSource(client, NODE, Duration.ofSeconds(1));
        source.start(events);
        events.next(1 + PROXY_KINDS.size());

        assertThat(events.next()).isInstanceOfSatisfying(WatchEvent.Upserted.class,
                upserted -> assertThat(EventQueue.name(upserted.object())).isEqualTo("shop/web"));
    }

    @Test
    void connectsWithAKubeconfigFile(@TempDir Path dir) throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: test}
                current-context: mock
                users:
                  - name: test
                    user: {token: not-a-secret}
                """.formatted(client.getMasterUrl()));
        source = InformerSource.connect(Optional.of(kubeconfig), NODE, Duration.ZERO);

        source.start(events);

        // This client asks the CRUD mock's real discovery, which lists no built-in resources: ServiceCIDRs unwatched.
        assertThat(events.next(3)).allSatisfy(event -> assertThat(event).isInstanceOf(WatchEvent.Synced.class));
    }

    @Test
    void aBadKubeconfigIsAClearError(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing");
        Path broken = Files.writeString(dir.resolve("broken"), "clusters: [unclosed");

        assertThatThrownBy(() -> InformerSource.connect(Optional.of(missing), NODE, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> InformerSource.connect(Optional.of(broken), NODE, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(broken.toString());
    }

    @Test
    void startingTwiceIsRefused() {
        start();

        assertThatThrownBy(() -> source.start(events)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already started");
    }

    @Test
    void aNegativeResyncPeriodIsRefused() {
        assertThatThrownBy(() -> new InformerSource(client, NODE, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    }

    private void start() {
        source = new InformerSource(client, NODE, Duration.ZERO);
        source.start(events);
    }

    private void startSynced() {
        start();
        assertThat(events.next(PROXY_KINDS.size()))
                .allSatisfy(event -> assertThat(event).isInstanceOf(WatchEvent.Synced.class));
    }

    private HasMetadata assertUpserted(ResourceKind kind, String name) {
        WatchEvent event = events.next();
        assertThat(event).isInstanceOf(WatchEvent.Upserted.class).extracting(WatchEvent::kind).isEqualTo(kind);
        HasMetadata object = ((WatchEvent.Upserted) event).object();
        assertThat(EventQueue.name(object)).isEqualTo(name);
        return object;
    }

    private void assertDeleted(ResourceKind kind, String name) {
        WatchEvent event = events.next();
        assertThat(event).isInstanceOf(WatchEvent.Deleted.class).extracting(WatchEvent::kind).isEqualTo(kind);
        assertThat(EventQueue.name(((WatchEvent.Deleted) event).lastKnown())).isEqualTo(name);
    }

    static Service service(String namespace, String name, String... label) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels(labels(label)).endMetadata()
                .withNewSpec().withClusterIP("198.18.0.10").addNewPort().withName("http").withPort(80)
                .withProtocol("TCP").endPort().endSpec().build();
    }

    static EndpointSlice slice(String namespace, String name, String... label) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels(labels(label)).addToLabels("kubernetes.io/service-name", "web").endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses("198.19.1.10").withNodeName(NODE).withNewConditions().withReady(true)
                .endConditions().endEndpoint().build();
    }

    static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("topology.kubernetes.io/zone", "zone-a")
                .endMetadata().build();
    }

    /** {@code key, value} pairs, or nothing. */
    private static Map<String, String> labels(String... keyValue) {
        return keyValue.length == 0 ? Map.of() : Map.of(keyValue[0], keyValue[1]);
    }
}
