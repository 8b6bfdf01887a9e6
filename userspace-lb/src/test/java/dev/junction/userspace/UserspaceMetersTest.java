package dev.junction.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.metrics.MetricsServer;
import org.junit.jupiter.api.Test;

class UserspaceMetersTest {

    @Test
    void everyMeterIsScrapedAtZeroWithOnlyBoundedTags() {
        var registry = MetricsServer.newRegistry();

        UserspaceMeters.bindTo(registry, "tcp");

        assertThat(registry.scrape()).contains(
                "junction_userspace_connections_active{protocol=\"tcp\"} 0.0",
                "junction_userspace_connections_total{protocol=\"tcp\"} 0.0",
                "junction_userspace_bytes_total{direction=\"upstream\",protocol=\"tcp\"} 0.0",
                "junction_userspace_bytes_total{direction=\"downstream\",protocol=\"tcp\"} 0.0",
                "junction_userspace_connect_errors_total{protocol=\"tcp\"} 0.0",
                "junction_userspace_endpoint_ejections_total{protocol=\"tcp\"} 0.0",
                "junction_userspace_refused_total{protocol=\"tcp\",reason=\"limit\"} 0.0",
                "junction_userspace_refused_total{protocol=\"tcp\",reason=\"no_endpoints\"} 0.0",
                "junction_userspace_refused_total{protocol=\"tcp\",reason=\"overload\"} 0.0");
    }

    @Test
    void recordingGoesToTheRegisteredMeters() {
        var registry = MetricsServer.newRegistry();
        var meters = UserspaceMeters.bindTo(registry, "tcp");

        meters.active().incrementAndGet();
        meters.bytesUpstream().increment(512);

        assertThat(registry.scrape()).contains(
                "junction_userspace_connections_active{protocol=\"tcp\"} 1.0",
                "junction_userspace_bytes_total{direction=\"upstream\",protocol=\"tcp\"} 512.0");
    }
}
