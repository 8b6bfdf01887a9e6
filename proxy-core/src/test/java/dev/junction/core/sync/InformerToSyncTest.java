package dev.junction.core.sync;

import static dev.junction.core.fixtures.ObjectFixtures.node;
import static dev.junction.core.fixtures.ObjectFixtures.service;
import static dev.junction.core.fixtures.ObjectFixtures.serviceCidr;
import static dev.junction.core.fixtures.ObjectFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.store.ObjectStore;
import dev.junction.core.watch.InformerSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole watch-to-sync path against Fabric8's mock API server in CRUD mode: objects created, changed and deleted
 * through the API reach a backend as the right snapshots, with full then partial syncs.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class InformerToSyncTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    KubernetesMockServer server;
    KubernetesClient client;

    private final RecordingBackend backend = new RecordingBackend(Set.of(IpFamily.IPV4));
    private InformerSource source;
    private SyncLoop loop;

    @BeforeEach
    void startAgentPipeline() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ObjectStore store = new ObjectStore("node-a", registry, Clock.systemUTC());
        SyncTiming timing = new SyncTiming(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMillis(50), Duration.ofHours(1));
        loop = new SyncLoop(store, backend, timing, new ProxyHealth(Clock.systemUTC(), timing.healthTimeout()),
                registry);
        source = new InformerSource(client, "node-a", Duration.ZERO);
        loop.start();
        source.start(store);
    }

    @AfterEach
    void stop() {
        source.close();
        loop.stop();
    }

    @Test
    void objectsCreatedChangedAndDeletedThroughTheApiReachTheBackendAsSnapshots() {
        await().atMost(WAIT).until(() -> !backend.requests().isEmpty());
        assertThat(backend.requests().getFirst().scope()).as("the first sync is full").isEqualTo(SyncScope.FULL);
        assertThat(backend.last().current().servicePorts()).isEmpty();

        client.resource(node("node-a").zone("zone-a").build()).create();
        client.resource(service("shop", "web").clusterIp("198.18.0.10").port("http", 80).build()).create();
        client.resource(slice("shop", "web-1", "web").port("http", 8080).endpoint("198.18.1.1").node("node-a")
                .build()).create();
        await().atMost(WAIT).until(() -> endpointsOf(backend.last().current()).equals(List.of("198.18.1.1:8080")));

        client.resource(slice("shop", "web-1", "web").port("http", 8080).endpoint("198.18.1.1").node("node-a")
                .endpoint("198.18.1.2").node("node-b").build()).update();
        await().atMost(WAIT).until(() -> endpointsOf(backend.last().current())
                .equals(List.of("198.18.1.1:8080", "198.18.1.2:8080")));
        SyncRequest scaled = backend.last();
        assertThat(scaled.scope()).as("a later change syncs partially").isEqualTo(SyncScope.PARTIAL);
        assertThat(scaled.current().node()).hasValueSatisfying(n -> assertThat(n.zone()).isEqualTo("zone-a"));
        assertThat(scaled.current().servicePorts().getFirst().endpoints().all()).filteredOn(Endpoint::local)
                .extracting(Endpoint::hostPort).as("only the endpoint on this node is local")
                .containsExactly("198.18.1.1:8080");

        client.resource(service("shop", "web").clusterIp("198.18.0.10").port("http", 80).build()).delete();
        await().atMost(WAIT).until(() -> backend.last().current().servicePorts().isEmpty());
    }

    @Test
    void serviceCidrsCreatedAndDeletedThroughTheApiReachTheBackend() {
        await().atMost(WAIT).until(() -> !backend.requests().isEmpty());

        client.resource(serviceCidr("kubernetes", "198.18.0.0/16", "fd00:198:18::/108")).create();
        client.resource(serviceCidr("extra", "198.19.0.0/24")).create();
        await().atMost(WAIT).until(() -> backend.last().current().serviceCidrs().equals(
                List.of(Cidr.parse("198.18.0.0/16"), Cidr.parse("198.19.0.0/24"), Cidr.parse("fd00:198:18::/108"))));

        client.network().v1().serviceCIDRs().withName("extra").delete();
        await().atMost(WAIT).until(() -> backend.last().current().serviceCidrs(IpFamily.IPV4)
                .equals(List.of(Cidr.parse("198.18.0.0/16"))));
    }

    private static List<String> endpointsOf(ClusterSnapshot snapshot) {
        return snapshot.servicePorts().stream().map(ServicePort::endpoints)
                .flatMap(set -> set.cluster().stream()).map(Endpoint::hostPort).toList();
    }
}
