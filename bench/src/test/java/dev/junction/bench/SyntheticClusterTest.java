package dev.junction.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.SnapshotDiff;
import dev.junction.core.store.ObjectStore;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SyntheticClusterTest {

    /** 198.18.0.0/15 minus the ClusterIPs and the spare addresses. */
    private static final int ENDPOINT_ADDRESSES = 120_000 - 16_384;

    record Case(String name, int services, int endpoints) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("one Service with one endpoint", 1, 1),
                new Case("three Services with ten endpoints each", 3, 10),
                new Case("a thousand Services with ten endpoints each", 1_000, 10));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyServiceIsProxiedWithAllItsReadyEndpoints(Case c) {
        ClusterSnapshot snapshot = new SyntheticCluster(c.services(), c.endpoints()).snapshot();

        assertThat(snapshot.servicePorts()).hasSize(c.services());
        for (ServicePort port : snapshot.servicePorts()) {
            assertThat(port.endpoints().cluster()).hasSize(c.endpoints()).allMatch(Endpoint::ready);
            assertThat(port.clusterIp().toString()).startsWith("198.18.");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachMoveChangesExactlyOneEndpointOfOneService(Case c) {
        SyntheticCluster cluster = new SyntheticCluster(c.services(), c.endpoints());
        ObjectStore store = new ObjectStore(SyntheticCluster.NODE, new SimpleMeterRegistry(), Clock.systemUTC());
        cluster.load(store);
        ClusterSnapshot previous = store.takeSnapshot().snapshot();
        int service = c.services() - 1;

        for (int move = 1; move <= 3; move++) {
            store.accept(new WatchEvent.Upserted(ResourceKind.ENDPOINT_SLICE, cluster.slice(service, move)));
            ClusterSnapshot next = store.takeSnapshot().snapshot();

            assertThat(SnapshotDiff.changedServices(previous, next))
                    .containsExactly(new ObjectRef("ns" + service % 100, "svc" + service));
            ServicePort port = next.servicePorts().stream()
                    .filter(p -> p.name().service().name().equals("svc" + service)).findFirst().orElseThrow();
            String moved = cluster.movedAddress(service, move);
            assertThat(port.endpoints().all()).hasSize(c.endpoints()).anyMatch(e -> e.ip().toString().equals(moved));
            previous = next;
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void refusesOneEndpointMoreThanTheTestRangeHolds(Case c) {
        int tooMany = ENDPOINT_ADDRESSES / c.services() + 1;

        assertThat(new SyntheticCluster(c.services(), ENDPOINT_ADDRESSES / c.services()).services())
                .isEqualTo(c.services());
        assertThatThrownBy(() -> new SyntheticCluster(c.services(), tooMany))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: at most 16384 Services and 103616 endpoints in all");
    }
}
