package dev.junction.core.store;

import static dev.junction.core.fixtures.ObjectFixtures.node;
import static dev.junction.core.fixtures.ObjectFixtures.service;
import static dev.junction.core.fixtures.ObjectFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.NodeInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.sync.PendingChanges;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent;
import dev.junction.core.watch.WatchEvent.Deleted;
import dev.junction.core.watch.WatchEvent.Replaced;
import dev.junction.core.watch.WatchEvent.Synced;
import dev.junction.core.watch.WatchEvent.Upserted;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectStoreTest {

    private static final String NODE = "node-a";
    private static final Instant START = Instant.parse("2026-11-22T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(START);
    private final ObjectStore store = new ObjectStore(NODE, registry, clock);
    private final AtomicInteger notifications = new AtomicInteger();

    ObjectStoreTest() {
        store.onChange(notifications::incrementAndGet);
    }

    @Test
    void dropsAnUpdateThatChangesNothing() {
        store.accept(upsert(web(80)));
        long version = store.state().version();

        store.accept(upsert(web(80)));

        assertThat(store.state().version()).isEqualTo(version);
        assertThat(notifications).hasValue(1);
        assertThat(counter("kubeproxy.sync.proxy.rules.service.changes")).isEqualTo(1);
    }

    @Test
    void replacedDeletesWhatIsGoneAndKeepsTheRest() {
        store.accept(upsert(web(80)));
        store.accept(upsert(service("ns1", "old").clusterIp("198.18.0.20").port("http", 80).build()));

        store.accept(new Replaced(ResourceKind.SERVICE,
                List.of(web(81), service("ns1", "new").clusterIp("198.18.0.30").port("http", 80).build())));

        assertThat(store.state().services().keySet())
                .containsExactlyInAnyOrder(new ObjectRef("ns1", "web"), new ObjectRef("ns1", "new"));
        assertThat(store.state().services().get(new ObjectRef("ns1", "web")).ports().get(0).port()).isEqualTo(81);
        assertThat(counter("kubeproxy.sync.proxy.rules.service.changes")).isEqualTo(5);
    }

    @Test
    void replacedSlicesAreDiffedToo() {
        store.accept(upsert(webSlice("web-1", "198.18.1.1")));
        store.accept(upsert(webSlice("web-2", "198.18.1.2")));

        store.accept(new Replaced(ResourceKind.ENDPOINT_SLICE, List.of(webSlice("web-2", "198.18.1.2"))));

        assertThat(store.state().slicesOf(new ObjectRef("ns1", "web")))
                .map(s -> s.ref().name()).containsExactly("web-2");
    }

    record SyncCase(String name, List<WatchEvent> events, boolean synced) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<SyncCase> syncCases() {
        return Stream.of(
                new SyncCase("nothing synced yet", List.of(), false),
                new SyncCase("Services alone are not enough", List.of(new Synced(ResourceKind.SERVICE)), false),
                new SyncCase("slices alone are not enough", List.of(new Synced(ResourceKind.ENDPOINT_SLICE)), false),
                new SyncCase("Services and slices synced is enough, without the Node",
                        List.of(new Synced(ResourceKind.SERVICE), new Synced(ResourceKind.ENDPOINT_SLICE)), true),
                new SyncCase("a Replaced set counts as synced",
                        List.of(new Replaced(ResourceKind.SERVICE, List.of()),
                                new Replaced(ResourceKind.ENDPOINT_SLICE, List.of())), true),
                new SyncCase("the Node alone is not enough", List.of(new Synced(ResourceKind.NODE)), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syncCases")
    void isSyncedOnceServicesAndSlicesAre(SyncCase c) {
        c.events().forEach(store);

        assertThat(store.isSynced()).isEqualTo(c.synced());
    }

    @Test
    void completingTheSyncWakesTheListener() {
        store.accept(new Synced(ResourceKind.SERVICE));
        assertThat(notifications).hasValue(0);

        store.accept(new Synced(ResourceKind.ENDPOINT_SLICE));

        assertThat(notifications).hasValue(1);
    }

    @Test
    void skipsAnInvalidServiceAndServesTheOthers() {
        store.accept(upsert(web(80)));
        store.accept(upsert(service("ns1", "bad").clusterIp("198.18.0.11").port("http", 70_000).build()));

        List<ServicePort> ports = store.takeSnapshot().snapshot().servicePorts();

        assertThat(ports).map(p -> p.name().toString()).containsExactly("ns1/web:http");
        assertThat(registry.get("junction.invalid.objects").tag("kind", "Service").counter().count()).isEqualTo(1);
    }

    @Test
    void anUpdateThatMakesAServiceInvalidRemovesIt() {
        store.accept(upsert(web(80)));

        store.accept(upsert(web(70_000)));

        assertThat(store.state().services()).isEmpty();
    }

    @Test
    void keepsAServiceWhoseListEntriesAreDroppedAndCountsEach() {
        store.accept(upsert(service("ns1", "web").clusterIp("198.18.0.10").port("http", 80)
                .externalIps("nope", "198.18.4.1", "bad").build()));

        assertThat(store.state().services()).containsKey(new ObjectRef("ns1", "web"));
        assertThat(registry.get("junction.invalid.objects").tag("kind", "Service").counter().count()).isEqualTo(2);
    }

    @Test
    void countsChangesAndPendingChangesUntilTaken() {
        store.accept(upsert(web(80)));
        store.accept(upsert(web(81)));
        store.accept(upsert(service("ns1", "api").clusterIp("198.18.0.11").port("http", 80).build()));
        store.accept(upsert(webSlice("web-1", "198.18.1.1")));

        assertThat(gauge("kubeproxy.sync.proxy.rules.service.changes.pending")).isEqualTo(2);
        assertThat(gauge("kubeproxy.sync.proxy.rules.endpoint.changes.pending")).isEqualTo(1);

        store.takeSnapshot();

        assertThat(gauge("kubeproxy.sync.proxy.rules.service.changes.pending")).isZero();
        assertThat(gauge("kubeproxy.sync.proxy.rules.endpoint.changes.pending")).isZero();
        assertThat(counter("kubeproxy.sync.proxy.rules.service.changes")).isEqualTo(3);
        assertThat(counter("kubeproxy.sync.proxy.rules.endpoint.changes")).isEqualTo(1);
    }

    @Test
    void reportsTriggerTimesFromTheAnnotationOrWhenSeen() {
        clock.advance(Duration.ofSeconds(10));
        store.accept(upsert(web(80)));
        clock.advance(Duration.ofSeconds(10));
        store.accept(upsert(slice("ns1", "web-1", "web").port("http", 8080).endpoint("198.18.1.1")
                .triggerTime("2026-11-22T00:00:05Z").build()));
        store.accept(upsert(slice("ns1", "web-2", "web").port("http", 8080).endpoint("198.18.1.2")
                .triggerTime("2026-11-21T23:00:00Z").build()));
        store.accept(upsert(webSlice("web-3", "198.18.1.3")));

        PendingChanges changes = store.takeSnapshot();

        // web-2's time predates the store, as an initial list replays it, so it is not used.
        assertThat(changes.triggerTimes()).containsExactly(
                Instant.parse("2026-11-22T00:00:05Z"), START.plusSeconds(10), START.plusSeconds(20));
        assertThat(store.takeSnapshot().triggerTimes()).isEmpty();
    }

    @Test
    void increasesTheGenerationWithEveryChange() {
        store.accept(upsert(web(80)));
        long first = store.takeSnapshot().snapshot().generation();

        store.accept(upsert(webSlice("web-1", "198.18.1.1")));
        store.accept(upsert(web(81)));

        assertThat(store.takeSnapshot().snapshot().generation()).isEqualTo(first + 2);
    }

    @Test
    void reportsATopologyChangeWhenThisNodesZoneChanges() {
        store.accept(upsert(node(NODE).zone("z1").build()));
        assertThat(store.takeSnapshot().topologyChanged()).isTrue();
        assertThat(store.takeSnapshot().topologyChanged()).isFalse();

        store.accept(upsert(node(NODE).zone("z1").label("team", "blue").build()));
        assertThat(store.takeSnapshot().topologyChanged()).isFalse();

        store.accept(upsert(node(NODE).zone("z2").build()));
        assertThat(store.takeSnapshot().topologyChanged()).isTrue();
    }

    @Test
    void keepsOnlyItsOwnNode() {
        store.accept(upsert(node("node-b").zone("z9").build()));
        assertThat(store.node()).isEmpty();
        assertThat(notifications).hasValue(0);

        store.accept(upsert(node(NODE).zone("z1").deleting().build()));
        assertThat(store.node()).map(NodeInfo::eligible).contains(false);

        store.accept(new Deleted(ResourceKind.NODE, node(NODE).build()));
        assertThat(store.node()).isEmpty();
    }

    @Test
    void stateHoldsUnproxiedServicesAndSlicesByService() {
        store.accept(upsert(service("ns1", "db").headless().port("pg", 5432).build()));
        store.accept(upsert(service("ns1", "ext").externalName("db.example.org").build()));
        store.accept(upsert(webSlice("web-2", "198.18.1.2")));
        store.accept(upsert(webSlice("web-1", "198.18.1.1")));

        StoreState state = store.state();

        assertThat(state.services().keySet())
                .containsExactlyInAnyOrder(new ObjectRef("ns1", "db"), new ObjectRef("ns1", "ext"));
        assertThat(state.slicesOf(new ObjectRef("ns1", "web"))).map(s -> s.ref().name())
                .containsExactly("web-1", "web-2");
        assertThat(store.takeSnapshot().snapshot().servicePorts()).isEmpty();
    }

    @Test
    void aSliceThatLosesItsLabelOrMovesIsReindexed() {
        store.accept(upsert(webSlice("web-1", "198.18.1.1")));

        store.accept(upsert(slice("ns1", "web-1", "api").port("http", 8080).endpoint("198.18.1.1").build()));
        assertThat(store.state().slicesByService().keySet()).containsExactly(new ObjectRef("ns1", "api"));

        store.accept(upsert(slice("ns1", "web-1", null).port("http", 8080).endpoint("198.18.1.1").build()));
        assertThat(store.state().slicesByService()).isEmpty();
    }

    @Test
    void deletingASliceRemovesItsEndpoints() {
        store.accept(upsert(web(80)));
        store.accept(upsert(webSlice("web-1", "198.18.1.1")));

        store.accept(new Deleted(ResourceKind.ENDPOINT_SLICE, slice("ns1", "web-1", "web").build()));

        assertThat(store.takeSnapshot().snapshot().servicePorts().get(0).endpoints().hasAnyEndpoints()).isFalse();
    }

    record Rebuild(String name, List<HasMetadata> initial, List<HasMetadata> changes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Rebuild> rebuildCases() {
        HasMetadata api = service("ns1", "api").clusterIp("198.18.0.11").port("http", 80).build();
        HasMetadata apiSlice = slice("ns1", "api-1", "api").port("http", 8080).endpoint("198.18.2.1").zoneHints("z1")
                .endpoint("198.18.2.2").zoneHints("z2").build();
        List<HasMetadata> initial = List.of(web(80), api, apiSlice, node(NODE).zone("z1").build());
        return Stream.of(
                new Rebuild("a Service whose endpoints changed is rebuilt, the others reused",
                        initial, List.of(webSlice("web-1", "198.18.1.1"))),
                new Rebuild("a Service whose spec changed is rebuilt", initial, List.of(web(81))),
                new Rebuild("a zone change rebuilds Services whose inputs did not change",
                        initial, List.of(node(NODE).zone("z2").build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rebuildCases")
    void snapshotsAfterChangesEqualFreshOnes(Rebuild c) {
        c.initial().forEach(object -> store.accept(upsert(object)));
        store.takeSnapshot();
        c.changes().forEach(object -> store.accept(upsert(object)));

        ObjectStore fresh = new ObjectStore(NODE, new SimpleMeterRegistry(), clock);
        Stream.concat(c.initial().stream(), c.changes().stream()).forEach(object -> fresh.accept(upsert(object)));

        assertThat(store.takeSnapshot().snapshot()).isEqualTo(fresh.takeSnapshot().snapshot());
    }

    @Test
    void reusesThePortsOfServicesThatDidNotChange() {
        store.accept(upsert(web(80)));
        store.accept(upsert(service("ns1", "api").clusterIp("198.18.0.11").port("http", 80).build()));
        ServicePort before = store.takeSnapshot().snapshot().servicePorts().get(0);

        store.accept(upsert(web(81)));
        List<ServicePort> after = store.takeSnapshot().snapshot().servicePorts();

        assertThat(before.name().toString()).isEqualTo("ns1/api:http");
        assertThat(after.get(0)).isSameAs(before);
        assertThat(after.get(1).port()).isEqualTo(81);
    }

    private static Upserted upsert(HasMetadata object) {
        ResourceKind kind = switch (object.getKind()) {
            case "Service" -> ResourceKind.SERVICE;
            case "EndpointSlice" -> ResourceKind.ENDPOINT_SLICE;
            case "Node" -> ResourceKind.NODE;
            default -> throw new IllegalArgumentException(object.getKind());
        };
        return new Upserted(kind, object);
    }

    private static HasMetadata web(int port) {
        return service("ns1", "web").clusterIp("198.18.0.10").port("http", port).build();
    }

    private static HasMetadata webSlice(String name, String address) {
        return slice("ns1", name, "web").port("http", 8080).endpoint(address).build();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }
}
