package dev.junction.core.watch;

import static dev.junction.core.watch.Manifests.documents;
import static dev.junction.core.watch.Manifests.endpointSlice;
import static dev.junction.core.watch.Manifests.namespace;
import static dev.junction.core.watch.Manifests.node;
import static dev.junction.core.watch.Manifests.service;
import static dev.junction.core.watch.Manifests.serviceCidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FileSourceTest {

    private static final String NODE = "node-a";
    /** Long enough that a test passing within it proves the watch service, not the periodic re-read, saw a change. */
    private static final Duration NO_RECHECK = Duration.ofHours(1);
    private static final Duration DEBOUNCE = Duration.ofMillis(20);

    @TempDir
    Path dir;

    private final EventQueue events = new EventQueue();
    private FileSource source;

    @AfterEach
    void closeSource() {
        if (source != null) {
            source.close();
        }
    }

    record LoadCase(String name, Map<String, String> files, Map<ResourceKind, List<String>> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<LoadCase> loadCases() {
        return Stream.of(
                new LoadCase("multi-document YAML gives every object, in order",
                        Map.of("all.yaml", documents(service("shop", "web", "198.18.0.10"),
                                endpointSlice("shop", "web-1", "198.19.1.10"), node(NODE),
                                service("shop", "api", "198.18.0.11"))),
                        expected(List.of("shop/web", "shop/api"), List.of("shop/web-1"), List.of(NODE))),
                new LoadCase("a kind: List is flattened",
                        Map.of("list.yaml", listOf(service("shop", "web", "198.18.0.10"),
                                endpointSlice("shop", "web-1", "198.19.1.10"))),
                        expected(List.of("shop/web"), List.of("shop/web-1"), List.of())),
                new LoadCase("a directory gives its yaml, yml and json files in name order, and nothing else",
                        Map.of("b.yaml", service("shop", "b", "198.18.0.2"),
                                "a.yml", service("shop", "a", "198.18.0.1"),
                                "c.json", """
                                        {"apiVersion": "v1", "kind": "Service",
                                         "metadata": {"name": "c", "namespace": "shop"},
                                         "spec": {"clusterIP": "198.18.0.3"}}
                                        """,
                                "README.txt", "not: [a manifest",
                                ".a.yaml.swp", "not: [a manifest"),
                        expected(List.of("shop/a", "shop/b", "shop/c"), List.of(), List.of())),
                new LoadCase("objects without a namespace get default",
                        Map.of("all.yaml", documents(service(null, "web", "198.18.0.10"),
                                endpointSlice(null, "web-1", "198.19.1.10"))),
                        expected(List.of("default/web"), List.of("default/web-1"), List.of())),
                new LoadCase("another proxy's Services, headless Services and headless slices are skipped",
                        Map.of("all.yaml", documents(
                                service("shop", "other-proxy", "198.18.0.10",
                                        ProxySelectors.SERVICE_PROXY_NAME_LABEL + "=other"),
                                service("shop", "headless", "None"),
                                service("shop", "web", "198.18.0.11"),
                                endpointSlice("shop", "headless-1", "198.19.1.10",
                                        ProxySelectors.HEADLESS_LABEL + "="),
                                endpointSlice("shop", "web-1", "198.19.1.11"))),
                        expected(List.of("shop/web"), List.of("shop/web-1"), List.of())),
                new LoadCase("other nodes and other kinds are ignored",
                        Map.of("all.yaml", documents(node("node-b"), node(NODE), """
                                apiVersion: v1
                                kind: ConfigMap
                                metadata: {name: settings, namespace: shop}
                                data: {key: value}
                                """)),
                        expected(List.of(), List.of(), List.of(NODE))),
                new LoadCase("empty documents and an empty file are fine",
                        Map.of("a.yaml", "---\n---\n" + service("shop", "web", "198.18.0.10") + "---\n",
                                "b.yaml", ""),
                        expected(List.of("shop/web"), List.of(), List.of())));
    }

    @ParameterizedTest
    @MethodSource("loadCases")
    void loadsTheInitialState(LoadCase testCase) throws IOException {
        for (Map.Entry<String, String> file : testCase.files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        Path path = testCase.files().size() == 1 ? dir.resolve(testCase.files().keySet().iterator().next()) : dir;

        start(path);

        assertThat(events.nextReplacedNames()).isEqualTo(testCase.expected());
    }

    @Test
    void clusterScopeKeepsEveryServiceAndSliceAndTheNamespaces() throws IOException {
        Path file = Files.writeString(dir.resolve("all.yaml"), documents(
                service("shop", "other-proxy", "198.18.0.10", ProxySelectors.SERVICE_PROXY_NAME_LABEL + "=other"),
                service("shop", "headless", "None"),
                endpointSlice("shop", "headless-1", "198.19.1.10", ProxySelectors.HEADLESS_LABEL + "="),
                namespace("empty")));
        source = new FileSource(file, NODE, WatchScope.CLUSTER, DEBOUNCE, NO_RECHECK);
        source.start(events);

        Map<ResourceKind, List<String>> expected = new EnumMap<>(
                expected(List.of("shop/other-proxy", "shop/headless"), List.of("shop/headless-1"), List.of()));
        expected.put(ResourceKind.NAMESPACE, List.of("empty"));
        assertThat(events.nextReplacedNames()).isEqualTo(expected);
    }

    @Test
    void proxyScopeSkipsNamespaces() throws IOException {
        Path file = Files.writeString(dir.resolve("ns.yaml"), documents(namespace("empty")));
        start(file);

        assertThat(events.nextReplacedNames()).isEqualTo(expected(List.of(), List.of(), List.of()));
    }

    @ParameterizedTest
    @EnumSource(WatchScope.class)
    void serviceCidrsAreReadInEveryScope(WatchScope scope) throws IOException {
        Path file = Files.writeString(dir.resolve("cidrs.yaml"), documents(
                serviceCidr("kubernetes", "198.18.0.0/16", "fd00:198:18::/108"), serviceCidr("extra", "198.19.0.0/24")));
        source = new FileSource(file, NODE, scope, DEBOUNCE, NO_RECHECK);
        source.start(events);

        List<WatchEvent> replaced = events.next(ResourceKind.values().length);

        assertThat(replaced).filteredOn(event -> event.kind() == ResourceKind.SERVICE_CIDR).singleElement()
                .extracting(event -> ((WatchEvent.Replaced) event).objects()).asInstanceOf(LIST)
                .extracting(object -> ((ServiceCIDR) object).getSpec().getCidrs())
                .containsExactly(List.of("198.18.0.0/16", "fd00:198:18::/108"), List.of("198.19.0.0/24"));
    }

    @Test
    void loadsTheExampleManifests() {
        source = new FileSource(Path.of("..", "examples", "basic.yaml"), NODE);
        source.start(events);

        List<WatchEvent> replaced = events.next(ResourceKind.values().length);

        assertThat(replaced).extracting(WatchEvent::kind).containsExactly(ResourceKind.values());
        List<HasMetadata> services = ((WatchEvent.Replaced) replaced.get(0)).objects();
        assertThat(services).extracting(EventQueue::name)
                .containsExactly("shop/web", "kube-system/dns", "shop/api", "edge/ingress");
        Service ingress = (Service) services.get(3);
        assertThat(ingress.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(ingress.getStatus().getLoadBalancer().getIngress().get(0).getIp()).isEqualTo("198.18.200.1");
        List<HasMetadata> slices = ((WatchEvent.Replaced) replaced.get(1)).objects();
        assertThat(slices).hasSize(4).allSatisfy(slice -> assertThat(slice).isInstanceOf(EndpointSlice.class));
        assertThat(((EndpointSlice) slices.get(3)).getEndpoints().get(1).getConditions().getTerminating()).isTrue();
        assertThat(((WatchEvent.Replaced) replaced.get(2)).objects()).extracting(EventQueue::name)
                .containsExactly(NODE);
    }

    @Test
    void anEditIsANewReplaced() throws IOException {
        Path file = write("services.yaml", service("shop", "web", "198.18.0.10"));
        start(file);
        events.nextReplacedNames();

        write("services.yaml", documents(service("shop", "web", "198.18.0.10"), service("shop", "api", "198.18.0.11")));

        assertThat(events.nextReplacedNames().get(ResourceKind.SERVICE)).containsExactly("shop/web", "shop/api");
    }

    @Test
    void aRemovedDocumentOrFileDisappears() throws IOException {
        write("a.yaml", documents(service("shop", "web", "198.18.0.10"), service("shop", "api", "198.18.0.11")));
        write("b.yaml", endpointSlice("shop", "web-1", "198.19.1.10"));
        start(dir);
        events.nextReplacedNames();

        write("a.yaml", service("shop", "web", "198.18.0.10"));
        assertThat(events.nextReplacedNames().get(ResourceKind.SERVICE)).containsExactly("shop/web");

        Files.delete(dir.resolve("b.yaml"));
        assertThat(events.nextReplacedNames().get(ResourceKind.ENDPOINT_SLICE)).isEmpty();
    }

    record BrokenCase(String name, String content, String expectedLine, String expectedReason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BrokenCase> brokenCases() {
        String good = service("shop", "web", "198.18.0.10");
        return Stream.of(
                new BrokenCase("a YAML syntax error names its line",
                        good + "---\napiVersion: v1\nkind: Service\nmetadata: {name: [unclosed\n",
                        "line ", "services.yaml"),
                new BrokenCase("a document that does not deserialize names the document's first line",
                        good + "---\napiVersion: v1\nkind: Service\nmetadata: {name: bad}\nspec:\n  ports: 80\n",
                        "line 14", "Service bad does not deserialize"),
                new BrokenCase("an object without a name is refused",
                        good + "---\napiVersion: v1\nkind: Service\nspec: {clusterIP: 198.18.0.12}\n",
                        "line 14", "without metadata.name"));
    }

    @ParameterizedTest
    @MethodSource("brokenCases")
    void aBrokenFileKeepsTheLastGoodStateUntilFixed(BrokenCase testCase) throws IOException {
        Path file = write("services.yaml", service("shop", "web", "198.18.0.10"));
        try (LogCapture log = new LogCapture(FileSource.class)) {
            start(file);
            events.nextReplacedNames();

            write("services.yaml", testCase.content());
            log.awaitLine(Level.ERROR, file.toString(), testCase.expectedLine(), testCase.expectedReason());
            events.assertNoneWithin(Duration.ofMillis(200));

            write("services.yaml", service("shop", "api", "198.18.0.11"));
            assertThat(events.nextReplacedNames().get(ResourceKind.SERVICE)).containsExactly("shop/api");
        }
    }

    @Test
    void anEditorReplacingTheFileByRenameIsSeen() throws IOException {
        Path file = write("services.yaml", service("shop", "web", "198.18.0.10"));
        start(file);
        events.nextReplacedNames();

        Path temporary = write("services.yaml.tmp", service("shop", "api", "198.18.0.11"));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(events.nextReplacedNames().get(ResourceKind.SERVICE)).containsExactly("shop/api");
    }

    record MountCase(String name, boolean watchDirectory) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<MountCase> mountCases() {
        return Stream.of(new MountCase("a ConfigMap mount's ..data swap is seen through a file source", false),
                new MountCase("a ConfigMap mount's ..data swap is seen through a directory source", true));
    }

    /** The kubelet writes a new timestamped directory, points {@code ..data_tmp} at it and renames it over ..data. */
    @ParameterizedTest
    @MethodSource("mountCases")
    void aConfigMapSymlinkSwapIsSeen(MountCase testCase) throws IOException {
        writeVersion("..2026_01", service("shop", "web", "198.18.0.10"));
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_01"));
        Files.createSymbolicLink(dir.resolve("services.yaml"), Path.of("..data", "services.yaml"));
        start(testCase.watchDirectory() ? dir : dir.resolve("services.yaml"));
        assertThat(events.nextReplacedNames().get(ResourceKind.SERVICE)).containsExactly("shop/web");

        writeVersion("..2026_02", service("shop", "api", "198.18.0.11"));
        Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2026_02"));
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

        assertThat(events.nextReplacedNames().get(ResourceKind.SERVICE)).containsExactly("shop/api");
    }

    @Test
    void thePeriodicRecheckSeesChangesTheWatchCannot() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path target = Files.writeString(elsewhere.resolve("real.yaml"), service("shop", "web", "198.18.0.10"));
        Path watched = Files.createDirectory(dir.resolve("watched"));
        Path link = Files.createSymbolicLink(watched.resolve("services.yaml"), target);
        source = new FileSource(link, NODE, DEBOUNCE, Duration.ofMillis(100));
        source.start(events);
        events.nextReplacedNames();

        Files.writeString(target, service("shop", "api", "198.18.0.11"));

        assertThat(events.nextReplacedNames().get(ResourceKind.SERVICE)).containsExactly("shop/api");
    }

    @Test
    void unchangedContentEmitsNothing() throws IOException {
        Path file = write("services.yaml", service("shop", "web", "198.18.0.10"));
        source = new FileSource(file, NODE, DEBOUNCE, Duration.ofMillis(20));
        source.start(events);
        events.nextReplacedNames();

        write("services.yaml", service("shop", "web", "198.18.0.10"));

        events.assertNoneWithin(Duration.ofMillis(300));
    }

    @Test
    void aRewriteThatRestoresTheModificationTimeOfASettledFileIsSeen() throws IOException {
        Path file = write("services.yaml", service("shop", "web", "198.18.0.10"));
        FileTime anHourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(file, anHourAgo);
        // Past the granularity, the source trusts the stamp and stops reading the content of an unchanged file.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> SourceStamp.read(file).settledBefore(Instant.now()));
        source = new FileSource(file, NODE, DEBOUNCE, Duration.ofMillis(20));
        source.start(events);
        events.nextReplacedNames();
        events.assertNoneWithin(Duration.ofMillis(100));

        write("services.yaml", service("shop", "api", "198.18.0.10")); // the same size, as cp -p would leave it
        Files.setLastModifiedTime(file, anHourAgo);

        assertThat(events.nextReplacedNames().get(ResourceKind.SERVICE)).containsExactly("shop/api");
    }

    @Test
    void aThrowingConsumerDoesNotStopTheSource() throws IOException {
        Path file = write("services.yaml", service("shop", "web", "198.18.0.10"));
        source = new FileSource(file, NODE, DEBOUNCE, NO_RECHECK);
        source.start(event -> {
            if (event.kind() == ResourceKind.SERVICE) {
                throw new IllegalStateException("consumer bug");
            }
            events.accept(event);
        });
        assertThat(events.next(4)).extracting(WatchEvent::kind).containsExactly(ResourceKind.ENDPOINT_SLICE,
                ResourceKind.NODE, ResourceKind.NAMESPACE, ResourceKind.SERVICE_CIDR);

        write("services.yaml", service("shop", "api", "198.18.0.11"));

        assertThat(events.next(4)).extracting(WatchEvent::kind).containsExactly(ResourceKind.ENDPOINT_SLICE,
                ResourceKind.NODE, ResourceKind.NAMESPACE, ResourceKind.SERVICE_CIDR);
    }

    @Test
    void readOnceSelectsTheExampleManifestsAsTheRunningSourceDoes() throws IOException, ManifestException {
        List<WatchEvent.Replaced> replaced = FileSource.readOnce(Path.of("..", "examples", "basic.yaml"), NODE);

        assertThat(replaced).extracting(WatchEvent::kind).containsExactly(ResourceKind.values());
        assertThat(replaced.get(0).objects()).extracting(EventQueue::name)
                .containsExactly("shop/web", "kube-system/dns", "shop/api", "edge/ingress");
        assertThat(replaced.get(2).objects()).extracting(EventQueue::name).containsExactly(NODE);
    }

    @Test
    void readOnceReportsABrokenFileWithItsLine() throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: Service\nmetadata: [unclosed\n");

        assertThatThrownBy(() -> FileSource.readOnce(file, NODE))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aMissingPathIsAClearError() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> new FileSource(missing, NODE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void eventsComeFromTheNamedDaemonThread() throws IOException {
        Path file = write("services.yaml", service("shop", "web", "198.18.0.10"));
        source = new FileSource(file, NODE, DEBOUNCE, NO_RECHECK);
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        source.start(event -> caller.complete(Thread.currentThread()));

        Thread thread = caller.orTimeout(EventQueue.TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();

        assertThat(thread.getName()).isEqualTo("junction-file-source");
        assertThat(thread.isDaemon()).isTrue();
    }

    private void start(Path path) {
        source = new FileSource(path, NODE, DEBOUNCE, NO_RECHECK);
        source.start(events);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private void writeVersion(String versionDirectory, String content) throws IOException {
        Path version = Files.createDirectory(dir.resolve(versionDirectory));
        Files.writeString(version.resolve("services.yaml"), content);
    }

    private static String listOf(String... items) {
        StringBuilder list = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
        for (String item : items) {
            list.append(item.indent(2).replaceFirst("^  ", "- "));
        }
        return list.toString();
    }

    private static Map<ResourceKind, List<String>> expected(List<String> services, List<String> slices,
            List<String> nodes) {
        return Map.of(ResourceKind.SERVICE, services, ResourceKind.ENDPOINT_SLICE, slices, ResourceKind.NODE, nodes,
                ResourceKind.NAMESPACE, List.of(), ResourceKind.SERVICE_CIDR, List.of());
    }
}
