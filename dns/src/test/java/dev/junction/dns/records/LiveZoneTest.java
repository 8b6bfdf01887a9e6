package dev.junction.dns.records;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.store.ObjectStore;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveZoneTest {

    private static final String WEB = "web.ns1.svc.cluster.local.";

    private final ObjectStore store = new ObjectStore("node-a", new SimpleMeterRegistry(), StoreStates.CLOCK);
    private final LiveZone zone = new LiveZone(store, ZoneSettings.defaults(), List.of(), StoreStates.CLOCK);

    @AfterEach
    void close() {
        zone.close();
    }

    @Test
    void missesAreServfailUntilTheStoreSyncsThenNxdomain() {
        zone.start();
        assertThat(rcode()).isEqualTo(Rcode.SERVFAIL);

        store.accept(new WatchEvent.Replaced(ResourceKind.SERVICE, List.of()));
        store.accept(new WatchEvent.Replaced(ResourceKind.ENDPOINT_SLICE, List.of()));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> zone.current().isSynced());
        assertThat(rcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aChangeInTheStoreIsServedAfterARebuild() {
        zone.start();
        store.accept(new WatchEvent.Replaced(ResourceKind.SERVICE, List.of()));
        store.accept(new WatchEvent.Replaced(ResourceKind.ENDPOINT_SLICE, List.of()));

        store.accept(new WatchEvent.Upserted(ResourceKind.SERVICE,
                service("ns1", "web").clusterIp("198.18.0.10").build()));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> rcode() == Rcode.NOERROR);
        assertThat(zone.current().lookup(WEB, RecordType.A).orElseThrow().answers())
                .extracting(ResourceRecord::toString).containsExactly(WEB + " 5 IN A 198.18.0.10");
        assertThat(zone.current().version()).isEqualTo(store.state().version());
        assertThat(zone.current().lookup("cluster.local.", RecordType.SOA).orElseThrow().answers().get(0).data())
                .isInstanceOfSatisfying(RecordData.Soa.class, soa ->
                        assertThat(soa.serial()).isEqualTo(StoreStates.CLOCK.instant().getEpochSecond()));
    }

    private Rcode rcode() {
        return zone.current().lookup(WEB, RecordType.A).orElseThrow().rcode();
    }
}
