package dev.junction.core.store;

import dev.junction.core.testing.ManualClock;
import static dev.junction.core.fixtures.ObjectFixtures.node;
import static dev.junction.core.fixtures.ObjectFixtures.service;
import static dev.junction.core.fixtures.ObjectFixtures.slice;
import static dev.junction.core.store.StoreFixtures.NODE;
import static dev.junction.core.store.StoreFixtures.START;
import static dev.junction.core.store.StoreFixtures.upsert;
import static dev.junction.core.store.StoreFixtures.web;
import static dev.junction.core.store.StoreFixtures.webSlice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.sync.PendingChanges;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent.Deleted;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link ObjectStore#takeSnapshot()} hands the sync loop. */
class ObjectStoreSnapshotTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualClock clock = new ManualClock(START);
    private final ObjectStore store = new ObjectStore(NODE, registry, clock);

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
    void deletingASliceRemovesItsEndpoints() {
        store.accept(upsert(web(80)));
        store.accept(upsert(webSlice("web-1", "198.18.1.1")));

        store.accept(new Deleted(ResourceKind.ENDPOINT_SLICE, slice("ns1", "web-1", "web").build()));

        assertThat(store.takeSnapshot().snapshot().servicePorts().get(0).endpoints().hasAnyEndpoints()).isFalse();
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }
}
