package dev.junction.core.conntrack;

import static dev.junction.core.conntrack.Fixtures.flowFrom;
import static dev.junction.core.conntrack.Fixtures.port;
import static dev.junction.core.conntrack.Fixtures.snapshot;
import static dev.junction.core.conntrack.Fixtures.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.conntrack.Fixtures.Condition;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackCleanupTest {

    private static final ConntrackFlow SERVING = flowFrom(40_001, Protocol.UDP, "198.18.100.1", 53, "198.18.200.4", 5353);
    private static final ConntrackFlow STALE = flowFrom(40_002, Protocol.UDP, "198.18.100.1", 53, "198.18.202.6", 5353);
    private static final ConntrackFlow ALSO_STALE =
            flowFrom(40_003, Protocol.UDP, "198.18.100.1", 53, "198.18.100.1", 53);
    private static final ConntrackFlow TCP = flowFrom(40_004, Protocol.TCP, "198.18.100.1", 53, "198.18.202.6", 5353);
    private static final ConntrackFlow STALE_V6 = udp("fd00:198:18:100::1", 53, "fd00:198:18:202::6", 5353);

    private static final ClusterSnapshot APPLIED = snapshot(
            port("dns", Protocol.UDP, "198.18.100.1", 53).endpoint("198.18.200.4", 5353, Condition.READY).build(),
            port("dns", Protocol.UDP, "fd00:198:18:100::1", 53)
                    .endpoint("fd00:198:18:200::4", 5353, Condition.READY).build());

    private final MockClock clock = new MockClock();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
    private final InMemoryConntrack table = new InMemoryConntrack(
            List.of(SERVING, STALE, ALSO_STALE, TCP, STALE_V6), () -> clock.add(Duration.ofMillis(250)));
    private final ConntrackCleanup cleanup = new ConntrackCleanup(table, registry);

    @Test
    void deletesTheStaleFlowsOfOneFamilyAndRecordsKubeProxysMetrics() {
        int deleted = cleanup.clean(APPLIED, IpFamily.IPV4);

        assertThat(deleted).isEqualTo(2);
        assertThat(table.table()).containsExactly(SERVING, TCP, STALE_V6);
        assertThat(registry.scrape()).contains(
                "kubeproxy_conntrack_reconciler_deleted_entries_total{ip_family=\"IPv4\"} 2.0",
                "kubeproxy_conntrack_reconciler_deleted_entries_total{ip_family=\"IPv6\"} 0.0",
                "kubeproxy_conntrack_reconciler_sync_duration_seconds_count{ip_family=\"IPv4\"} 1",
                "kubeproxy_conntrack_reconciler_sync_duration_seconds_sum{ip_family=\"IPv4\"} 0.25",
                "kubeproxy_conntrack_reconciler_sync_duration_seconds_bucket{ip_family=\"IPv4\",le=\"0.256\"} 1",
                "kubeproxy_conntrack_reconciler_sync_duration_seconds_bucket{ip_family=\"IPv4\",le=\"0.128\"} 0",
                "junction_conntrack_reconciler_failures_total{ip_family=\"IPv4\"} 0.0");
    }

    @Test
    void cleansEachFamilyOnItsOwn() {
        assertThat(cleanup.clean(APPLIED, IpFamily.IPV6)).isEqualTo(1);

        assertThat(table.table()).containsExactly(SERVING, STALE, ALSO_STALE, TCP);
        assertThat(registry.scrape())
                .contains("kubeproxy_conntrack_reconciler_deleted_entries_total{ip_family=\"IPv6\"} 1.0")
                .contains("kubeproxy_conntrack_reconciler_deleted_entries_total{ip_family=\"IPv4\"} 0.0");
    }

    @Test
    void aListingFailureNeverReachesTheSyncAndIsCounted() {
        table.failListingWith(new ConntrackException("conntrack dump IPv4: socket failed with errno 1 (EPERM)"));

        assertThat(cleanup.clean(APPLIED, IpFamily.IPV4)).isZero();
        assertThat(cleanup.clean(APPLIED, IpFamily.IPV4)).isZero();

        assertThat(table.table()).hasSize(5);
        assertThat(registry.scrape()).contains(
                "junction_conntrack_reconciler_failures_total{ip_family=\"IPv4\"} 2.0",
                "kubeproxy_conntrack_reconciler_sync_duration_seconds_count{ip_family=\"IPv4\"} 2");
    }

    @Test
    void aPartialDeleteCountsWhatWasDeletedAndTheFailure() {
        table.refuseToDelete(ALSO_STALE);

        assertThat(cleanup.clean(APPLIED, IpFamily.IPV4)).isEqualTo(1);

        assertThat(table.table()).containsExactly(SERVING, ALSO_STALE, TCP, STALE_V6);
        assertThat(registry.scrape()).contains(
                "kubeproxy_conntrack_reconciler_deleted_entries_total{ip_family=\"IPv4\"} 1.0",
                "junction_conntrack_reconciler_failures_total{ip_family=\"IPv4\"} 1.0");
    }

    @Test
    void anUnexpectedExceptionIsContainedToo() {
        ConntrackCleanup broken = new ConntrackCleanup(new InMemoryConntrack(List.of(), () -> {
            throw new IllegalStateException("bug in a gateway");
        }), registry);

        assertThat(broken.clean(APPLIED, IpFamily.IPV4)).isZero();
        assertThat(registry.scrape()).contains("junction_conntrack_reconciler_failures_total{ip_family=\"IPv4\"} 1.0");
    }

    @Test
    void nothingStaleMeansNoDeleteCall() {
        table.refuseToDelete(SERVING);

        assertThat(cleanup.clean(snapshot(), IpFamily.IPV4)).isZero();
        assertThat(registry.scrape()).contains("junction_conntrack_reconciler_failures_total{ip_family=\"IPv4\"} 0.0");
    }
}
