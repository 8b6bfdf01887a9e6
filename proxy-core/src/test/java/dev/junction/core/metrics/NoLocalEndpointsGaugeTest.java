package dev.junction.core.metrics;

import static dev.junction.core.model.TrafficPolicy.CLUSTER;
import static dev.junction.core.model.TrafficPolicy.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.testing.ServicePorts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NoLocalEndpointsGaugeTest {

    private static final Endpoint REMOTE = ServicePorts.endpoint("198.18.1.1", false);
    private static final Endpoint LOCAL_ENDPOINT = ServicePorts.endpoint("198.18.1.2", true);

    /** Where a port's endpoints run. */
    enum Endpoints {
        NONE(EndpointSet.EMPTY),
        ONLY_ELSEWHERE(ServicePorts.onlyElsewhere(REMOTE)),
        ALSO_HERE(new EndpointSet(List.of(LOCAL_ENDPOINT, REMOTE), List.of(LOCAL_ENDPOINT, REMOTE),
                List.of(LOCAL_ENDPOINT), List.of(LOCAL_ENDPOINT, REMOTE), true));

        private final EndpointSet set;

        Endpoints(EndpointSet set) {
            this.set = set;
        }
    }

    record Case(String name, TrafficPolicy internal, TrafficPolicy external, int nodePort, Endpoints endpoints,
            int expectedInternal, int expectedExternal) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("Cluster policies never count", CLUSTER, CLUSTER, 30080, Endpoints.ONLY_ELSEWHERE, 0, 0),
                new Case("internal Local with endpoints only elsewhere counts as internal", LOCAL, CLUSTER, 0,
                        Endpoints.ONLY_ELSEWHERE, 1, 0),
                new Case("internal Local with a local endpoint does not count", LOCAL, CLUSTER, 0,
                        Endpoints.ALSO_HERE, 0, 0),
                new Case("no endpoint anywhere is rejected, not dropped, and does not count", LOCAL, LOCAL, 30080,
                        Endpoints.NONE, 0, 0),
                new Case("external Local on a NodePort with endpoints only elsewhere counts as external", CLUSTER,
                        LOCAL, 30080, Endpoints.ONLY_ELSEWHERE, 0, 1),
                new Case("external Local without an external frontend does not count", CLUSTER, LOCAL, 0,
                        Endpoints.ONLY_ELSEWHERE, 0, 0),
                new Case("both Local with endpoints only elsewhere count once each", LOCAL, LOCAL, 30080,
                        Endpoints.ONLY_ELSEWHERE, 1, 1),
                new Case("both Local with a local endpoint count nowhere", LOCAL, LOCAL, 30080, Endpoints.ALSO_HERE,
                        0, 0));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void countsPortsThatDropForWantOfALocalEndpoint(Case c) {
        MeterRegistry registry = new SimpleMeterRegistry();
        NoLocalEndpointsGauge gauge = new NoLocalEndpointsGauge(registry, Set.of(IpFamily.IPV4));
        ServicePort port = ServicePorts.port("web", c.internal(), c.external(), c.nodePort(), c.endpoints().set);

        gauge.update(snapshot(List.of(port)));

        assertThat(value(registry, "IPv4", "internal")).isEqualTo(c.expectedInternal());
        assertThat(value(registry, "IPv4", "external")).isEqualTo(c.expectedExternal());
    }

    @Test
    void countsPerFamilyAndResetsOnTheNextUpdate() {
        MeterRegistry registry = new SimpleMeterRegistry();
        NoLocalEndpointsGauge gauge = new NoLocalEndpointsGauge(registry, Set.of(IpFamily.IPV4, IpFamily.IPV6));
        ServicePort web = ServicePorts.port("web", LOCAL, CLUSTER, 0, Endpoints.ONLY_ELSEWHERE.set);
        ServicePort api = ServicePorts.port("api", LOCAL, CLUSTER, 0, Endpoints.ONLY_ELSEWHERE.set);

        gauge.update(snapshot(List.of(web, api)));
        assertThat(value(registry, "IPv4", "internal")).isEqualTo(2);
        assertThat(value(registry, "IPv6", "internal")).isZero();

        gauge.update(snapshot(List.of(web)));
        assertThat(value(registry, "IPv4", "internal")).isEqualTo(1);
    }

    private static double value(MeterRegistry registry, String family, String policy) {
        return registry.get(ProxyMeters.NO_LOCAL_ENDPOINTS.meterName())
                .tags(ProxyMeters.NO_LOCAL_ENDPOINTS.tags(family, policy)).gauge().value();
    }

    private static ClusterSnapshot snapshot(List<ServicePort> ports) {
        return new ClusterSnapshot("node-a", Optional.empty(), ports, 1);
    }
}
