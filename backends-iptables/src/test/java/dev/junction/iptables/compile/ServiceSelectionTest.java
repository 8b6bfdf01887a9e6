package dev.junction.iptables.compile;

import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static dev.junction.iptables.compile.SnapshotFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.snapshot.ServicePort;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceSelectionTest {

    static final ServicePort WEB = servicePort("ns1", "web", "http").clusterIp("198.18.0.10")
            .endpoint("198.18.128.1", 80).build();
    static final ServicePort WEB_SCALED = servicePort("ns1", "web", "http").clusterIp("198.18.0.10")
            .endpoint("198.18.128.1", 80).endpoint("198.18.128.2", 80).build();
    static final ServicePort DB = servicePort("ns1", "db", "pg").clusterIp("198.18.0.11").port(5432)
            .endpoint("198.18.128.3", 5432).build();
    static final ServicePort CACHE = servicePort("ns2", "cache", "").clusterIp("198.18.0.12").port(6379).build();

    @Test
    void selectsChangedAddedAndRemovedServicesOnly() {
        ServicePort added = servicePort("ns3", "new", "p").clusterIp("198.18.0.13").build();

        ServiceSelection selection =
                ServiceSelection.changedBetween(snapshot(WEB, DB, CACHE), snapshot(WEB_SCALED, DB, added));

        assertThat(selection).isEqualTo(ServiceSelection.only(Set.of(
                new ObjectRef("ns1", "web"), new ObjectRef("ns2", "cache"), new ObjectRef("ns3", "new"))));
        assertThat(selection.includes(new ObjectRef("ns1", "db"))).isFalse();
    }

    @Test
    void selectsNothingWhenNothingChanged() {
        assertThat(ServiceSelection.changedBetween(snapshot(WEB, DB), snapshot(WEB, DB)))
                .isEqualTo(ServiceSelection.only(Set.of()));
    }
}
