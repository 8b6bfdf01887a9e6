package dev.junction.core.store;

import dev.junction.core.testing.ManualClock;
import static dev.junction.core.fixtures.ObjectFixtures.node;
import static dev.junction.core.fixtures.ObjectFixtures.service;
import static dev.junction.core.fixtures.ObjectFixtures.serviceCidr;
import static dev.junction.core.fixtures.ObjectFixtures.slice;
import static dev.junction.core.store.StoreFixtures.NODE;
import static dev.junction.core.store.StoreFixtures.START;
import static dev.junction.core.store.StoreFixtures.upsert;
import static dev.junction.core.store.StoreFixtures.web;
import static dev.junction.core.store.StoreFixtures.webSlice;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.Cidr;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent;
import dev.junction.core.watch.WatchEvent.Deleted;
import dev.junction.core.watch.WatchEvent.Replaced;
import dev.junction.core.watch.WatchEvent.Synced;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** How the {@link ObjectStore} takes in events: validation, no-op drops, replacement, sync state. */
class ObjectStoreTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualClock clock = new ManualClock(START);
    private final ObjectStore store = new ObjectStore(NODE, registry, clock);
    private final AtomicInteger notifications = new AtomicInteger();

    ObjectStoreTest() {
        store.onChange(notifications::incrementAndGet);
    }

    @Test
    void everyRegisteredListenerHearsOfAChange() {
        AtomicInteger second = new AtomicInteger();
        store.onChange(second::incrementAndGet);

        store.accept(upsert(web(80)));

        assertThat(notifications).hasValue(1);
        assertThat(second).hasValue(1);
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
                new SyncCase("Services and slices synced is enough, without the Node or ServiceCIDRs",
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
    void rateLimitsTheWarningsAboutOneObjectButCountsEveryTime() {
        Logger logger = (Logger) LoggerFactory.getLogger(ObjectStore.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            HasMetadata bad = service("ns1", "bad").clusterIp("198.18.0.11").port("http", 70_000).build();
            store.accept(upsert(bad));
            store.accept(upsert(bad));
            clock.advance(Duration.ofSeconds(61));
            store.accept(upsert(bad));

            assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage)
                    .containsExactly(
                            "ns1/bad skipped kind=Service field=spec.ports[0].port value=70000 expected=1-65535",
                            "ns1/bad skipped kind=Service field=spec.ports[0].port value=70000 expected=1-65535");
            assertThat(registry.get("junction.invalid.objects").tag("kind", "Service").counter().count())
                    .isEqualTo(3);
        } finally {
            logger.detachAppender(appender);
        }
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
    void forgetsItsNodeWhenAReplacementNoLongerHasIt() {
        store.accept(upsert(node(NODE).zone("z1").build()));

        store.accept(new Replaced(ResourceKind.NODE, List.of(node("node-b").build())));

        assertThat(store.node()).isEmpty();
    }

    @Test
    void namespacesAreAddedReplacedAndDeletedByName() {
        store.accept(upsert(namespace("ns1")));
        store.accept(upsert(namespace("ns2")));
        long version = store.state().version();
        store.accept(upsert(namespace("ns2")));
        assertThat(store.state().version()).as("a no-op update").isEqualTo(version);

        store.accept(new Replaced(ResourceKind.NAMESPACE, List.of(namespace("ns2"), namespace("ns3"))));
        assertThat(store.state().namespaces()).containsExactlyInAnyOrder("ns2", "ns3");

        store.accept(new Deleted(ResourceKind.NAMESPACE, namespace("ns3")));
        assertThat(store.state().namespaces()).containsExactly("ns2");
    }

    @Test
    void stateAndSnapshotHoldTheUnionOfEveryServiceCidrSortedAndDistinct() {
        store.accept(upsert(serviceCidr("kubernetes", "198.18.0.0/16", "fd00:198:18::/108")));
        store.accept(upsert(serviceCidr("extra", "198.19.0.0/24", "198.18.0.0/16")));

        List<Cidr> expected = cidrs("198.18.0.0/16", "198.19.0.0/24", "fd00:198:18::/108");
        assertThat(store.state().serviceCidrs()).isEqualTo(expected);
        assertThat(store.takeSnapshot().snapshot().serviceCidrs()).isEqualTo(expected);
    }

    @Test
    void aServiceCidrChangeIsANewVersionAndANoOpIsNot() {
        store.accept(upsert(serviceCidr("kubernetes", "198.18.0.0/16")));
        long version = store.state().version();

        store.accept(upsert(serviceCidr("kubernetes", "198.18.0.0/16")));
        assertThat(store.state().version()).as("a no-op update").isEqualTo(version);

        store.accept(upsert(serviceCidr("kubernetes", "198.18.0.0/16", "fd00:198:18::/108")));
        assertThat(store.state().version()).isGreaterThan(version);
        assertThat(notifications).hasValue(2);
    }

    @Test
    void serviceCidrsAreRemovedByDeleteAndByReplacement() {
        store.accept(upsert(serviceCidr("kubernetes", "198.18.0.0/16")));
        store.accept(upsert(serviceCidr("extra", "198.19.0.0/24")));
        store.accept(upsert(serviceCidr("more", "198.19.1.0/24")));

        store.accept(new Deleted(ResourceKind.SERVICE_CIDR, serviceCidr("extra")));
        assertThat(store.state().serviceCidrs()).isEqualTo(cidrs("198.18.0.0/16", "198.19.1.0/24"));

        store.accept(new Replaced(ResourceKind.SERVICE_CIDR, List.of(serviceCidr("kubernetes", "198.18.0.0/16"))));
        assertThat(store.state().serviceCidrs()).isEqualTo(cidrs("198.18.0.0/16"));
    }

    @Test
    void aBadServiceCidrEntryIsCountedAndHidesNothingElse() {
        store.accept(upsert(serviceCidr("kubernetes", "198.18.0.0/16")));

        store.accept(upsert(serviceCidr("broken", "198.19.0.0/33", "fd00:198:19::/64")));

        assertThat(store.state().serviceCidrs()).isEqualTo(cidrs("198.18.0.0/16", "fd00:198:19::/64"));
        assertThat(registry.get("junction.invalid.objects").tag("kind", "ServiceCIDR").counter().count())
                .isEqualTo(1);
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

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private static List<Cidr> cidrs(String... cidrs) {
        return Stream.of(cidrs).map(Cidr::parse).toList();
    }

    private static HasMetadata namespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    }
}
