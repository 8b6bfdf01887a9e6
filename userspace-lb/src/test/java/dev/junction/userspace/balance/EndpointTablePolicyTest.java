package dev.junction.userspace.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.SessionAffinity;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointTablePolicyTest {

    private static final Endpoint REMOTE = Ports.endpoint("198.18.1.1");
    private static final Endpoint LOCAL = Ports.endpoint("198.18.1.2");
    private static final EndpointSet SPLIT = new EndpointSet(List.of(REMOTE, LOCAL), List.of(REMOTE, LOCAL),
            List.of(LOCAL), List.of(REMOTE, LOCAL), true);

    record Case(String name, TrafficPolicy internal, TrafficPolicy external, int nodePort, Origin origin,
            List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var cluster = TrafficPolicy.CLUSTER;
        var local = TrafficPolicy.LOCAL;
        var both = List.of("198.18.1.1", "198.18.1.2");
        var onlyLocal = List.of("198.18.1.2");
        return Stream.of(
                new Case("ClusterIP traffic with iTP Cluster uses the cluster endpoints",
                        cluster, cluster, 30080, Origin.INTERNAL, both),
                new Case("ClusterIP traffic with iTP Local uses the local endpoints",
                        local, cluster, 30080, Origin.INTERNAL, onlyLocal),
                new Case("ClusterIP traffic ignores eTP Local",
                        cluster, local, 30080, Origin.INTERNAL, both),
                new Case("external traffic with eTP Cluster uses the cluster endpoints",
                        local, cluster, 30080, Origin.EXTERNAL, both),
                new Case("external traffic with eTP Local uses the local endpoints",
                        cluster, local, 30080, Origin.EXTERNAL, onlyLocal),
                new Case("pod or node traffic to an external frontend with eTP Local is short-circuited to cluster",
                        cluster, local, 30080, Origin.EXTERNAL_FROM_CLUSTER, both),
                new Case("eTP Local without any external frontend is not a Local policy",
                        cluster, local, 0, Origin.EXTERNAL, both));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void picksTheEndpointListThePoliciesName(Case c) {
        var port = Ports.port(c.internal(), c.external(), c.nodePort(), SessionAffinity.NONE, SPLIT);

        var table = EndpointTable.build(port, c.origin(), TableSettings.DEFAULT,
                new EndpointStates(HealthPolicy.DEFAULT));

        assertThat(Ports.ips(table.entries())).containsExactlyElementsOf(c.expected());
        assertThat(table.name()).hasToString("ns1/web:http");
    }
}
