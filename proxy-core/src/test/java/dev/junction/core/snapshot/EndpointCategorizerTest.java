package dev.junction.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.model.SessionAffinity;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** kube-proxy's {@code TestCategorizeEndpoints} (pkg/proxy/topology_test.go), plus same-node hints. */
class EndpointCategorizerTest {

    private static final String NODE = "node-a";

    /** Expected sets as endpoint numbers: {@code 3} is {@code 198.18.1.3:80}. */
    record Case(String name, String zone, ServicePort port, List<EndpointFixture> endpoints,
            List<Integer> cluster, List<Integer> local, List<Integer> reachable, boolean hasAnyEndpoints) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("zone hints keep the endpoints hinted for this node's zone", "zone-a", cluster(),
                        List.of(ep(3).zones("zone-a"), ep(4).zones("zone-b"), ep(5).zones("zone-c"),
                                ep(6).zones("zone-a")),
                        of(3, 6), of(), of(3, 6), true),
                new Case("externalTrafficPolicy Local ignores topology for local endpoints", "zone-a",
                        port(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL, 30080),
                        List.of(ep(3).zones("zone-a").onThisNode(), ep(4).zones("zone-b").onThisNode(), ep(5).zones("zone-c"),
                                ep(6).zones("zone-a")),
                        of(3, 6), of(3, 4), of(3, 4, 6), true),
                new Case("internalTrafficPolicy Local ignores topology for local endpoints", "zone-a",
                        port(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, 30080),
                        List.of(ep(3).zones("zone-a").onThisNode(), ep(4).zones("zone-b").onThisNode(), ep(5).zones("zone-c"),
                                ep(6).zones("zone-a")),
                        of(3, 6), of(3, 4), of(3, 4, 6), true),
                new Case("a node without zone label ignores zone hints", "", cluster(),
                        List.of(ep(3).zones("zone-a")), of(3), of(), of(3), true),
                new Case("a node in a zone no endpoint is hinted for ignores zone hints", "zone-b", cluster(),
                        List.of(ep(3).zones("zone-a")), of(3), of(), of(3), true),
                new Case("hints of unready endpoints are not considered", "zone-a", cluster(),
                        List.of(ep(3).zones("zone-a"), ep(4).zones("zone-b"), ep(5).zones("zone-c"),
                                ep(6).zones("zone-a").unready()),
                        of(3), of(), of(3), true),
                new Case("only unready endpoints in this zone: hints are not used", "zone-a", cluster(),
                        List.of(ep(3).zones("zone-a").unready(), ep(4).zones("zone-b"), ep(5).zones("zone-c"),
                                ep(6).zones("zone-a").unready()),
                        of(4, 5), of(), of(4, 5), true),
                new Case("one ready endpoint without a zone hint disables zone hints", "zone-a", cluster(),
                        List.of(ep(3).zones("zone-a"), ep(4).zones("zone-b"), ep(5), ep(6).zones("zone-a")),
                        of(3, 4, 5, 6), of(), of(3, 4, 5, 6), true),
                new Case("an endpoint hinted for several zones is kept when one is this node's", "zone-c", cluster(),
                        List.of(ep(3).zones("zone-a", "zone-b", "zone-c"), ep(4).zones("zone-b", "zone-c"),
                                ep(5).zones("zone-b", "zone-d"), ep(6).zones("zone-c")),
                        of(3, 4, 6), of(), of(3, 4, 6), true),
                new Case("conflicting topology and localness merge into the reachable set", "zone-a",
                        port(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL, 30080),
                        List.of(ep(0).zones("zone-a").onThisNode(), ep(1).zones("zone-b").onThisNode(), ep(2).zones("zone-a"),
                                ep(3).zones("zone-b")),
                        of(0, 2), of(0, 1), of(0, 1, 2), true),
                new Case("internalTrafficPolicy Local without endpoints has none anywhere", "",
                        port(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, 0), List.of(),
                        of(), of(), of(), false),
                new Case("internalTrafficPolicy Local with only remote endpoints drops (endpoints exist elsewhere)",
                        "", port(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, 0), List.of(ep(0), ep(1)),
                        of(), of(), of(), true),
                new Case("internalTrafficPolicy Local with only local endpoints uses them all", "",
                        port(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, 0), List.of(ep(0).onThisNode(), ep(1).onThisNode()),
                        of(), of(0, 1), of(0, 1), true),
                new Case("internalTrafficPolicy Local with some local endpoints uses those", "",
                        port(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, 0), List.of(ep(0).onThisNode(), ep(1)),
                        of(), of(0), of(0), true),
                new Case("Cluster policy without ready endpoints has none (REJECT)", "", cluster(),
                        List.of(ep(0).unready(), ep(1).unready()), of(), of(), of(), false),
                new Case("Cluster policy uses the ready endpoints only", "", cluster(),
                        List.of(ep(0).unready(), ep(1)), of(1), of(), of(1), true),
                new Case("Cluster policy falls back to serving terminating endpoints", "", cluster(),
                        List.of(ep(0).servingTerminating().onThisNode(), ep(1).servingTerminating()), of(0, 1), of(), of(0, 1), true),
                new Case("iTP Local, eTP Cluster, some endpoints local", "",
                        port(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, 30080), List.of(ep(0).onThisNode(), ep(1)),
                        of(0, 1), of(0), of(0, 1), true),
                new Case("iTP Cluster, eTP Local, some endpoints local", "",
                        port(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL, 30080), List.of(ep(0).onThisNode(), ep(1)),
                        of(0, 1), of(0), of(0, 1), true),
                new Case("iTP Local, eTP Local, some endpoints local", "",
                        port(TrafficPolicy.LOCAL, TrafficPolicy.LOCAL, 30080), List.of(ep(0).onThisNode(), ep(1)),
                        of(0, 1), of(0), of(0, 1), true),
                new Case("iTP Local, eTP Local, all endpoints remote", "",
                        port(TrafficPolicy.LOCAL, TrafficPolicy.LOCAL, 30080), List.of(ep(0), ep(1)),
                        of(0, 1), of(), of(0, 1), true),
                new Case("iTP Local, eTP Local, all endpoints remote and terminating: cluster falls back", "",
                        port(TrafficPolicy.LOCAL, TrafficPolicy.LOCAL, 30080),
                        List.of(ep(0).servingTerminating(), ep(1).servingTerminating()), of(0, 1), of(), of(0, 1), true),
                new Case("iTP Cluster, eTP Local: local falls back to terminating independently of cluster", "",
                        port(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL, 30080),
                        List.of(ep(0), ep(1).unready().notServing().onThisNode(), ep(2).servingTerminating().onThisNode(),
                                ep(3).servingTerminating()),
                        of(0), of(2), of(0, 2), true),
                new Case("externalTrafficPolicy is ignored when the port is not externally accessible", "",
                        port(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL, 0), List.of(ep(0), ep(1).onThisNode()),
                        of(0, 1), of(), of(0, 1), true),
                new Case("an internal-only iTP Local port has no cluster endpoints", "",
                        port(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, 0), List.of(ep(0), ep(1).onThisNode()),
                        of(), of(1), of(1), true),
                new Case("node hints for this node win over zone hints", "zone-a", cluster(),
                        List.of(ep(0).zones("zone-a").nodes(NODE), ep(1).zones("zone-a").nodes("node-b"),
                                ep(2).zones("zone-b").nodes("node-c")),
                        of(0), of(), of(0), true),
                new Case("node hints naming other nodes only fall back to zone hints", "zone-a", cluster(),
                        List.of(ep(0).zones("zone-a").nodes("node-b"), ep(1).zones("zone-b").nodes("node-c")),
                        of(0), of(), of(0), true),
                new Case("one ready endpoint without a node hint disables node hints", "zone-a", cluster(),
                        List.of(ep(0).zones("zone-a").nodes(NODE), ep(1).zones("zone-a"), ep(2).zones("zone-b")),
                        of(0, 1), of(), of(0, 1), true),
                new Case("terminating endpoints are used without regard to hints", "zone-a", cluster(),
                        List.of(ep(0).zones("zone-b").servingTerminating(), ep(1).zones("zone-c").servingTerminating()),
                        of(0, 1), of(), of(0, 1), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void categorizesLikeKubeProxy(Case c) {
        List<Endpoint> endpoints = c.endpoints().stream().map(EndpointFixture::toEndpoint).toList();

        EndpointSet set = EndpointCategorizer.categorize(c.port(), endpoints, NODE, c.zone());

        assertThat(numbers(set.cluster())).as("cluster").isEqualTo(c.cluster());
        assertThat(numbers(set.local())).as("local").isEqualTo(c.local());
        assertThat(numbers(set.reachable())).as("reachable").isEqualTo(c.reachable());
        assertThat(set.hasAnyEndpoints()).as("hasAnyEndpoints").isEqualTo(c.hasAnyEndpoints());
        assertThat(set.all()).as("all").containsExactlyElementsOf(endpoints.stream().sorted().toList());
    }

    private static List<Integer> numbers(List<Endpoint> endpoints) {
        return endpoints.stream().map(e -> e.ip().bytes()[3] & 0xff).toList();
    }

    private static List<Integer> of(Integer... numbers) {
        return Arrays.asList(numbers);
    }

    private static ServicePort cluster() {
        return port(TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0);
    }

    private static ServicePort port(TrafficPolicy internal, TrafficPolicy external, int nodePort) {
        return new ServicePort(new ServicePortName(new ObjectRef("ns1", "web"), "http", Protocol.TCP), IpFamily.IPV4,
                IpAddress.parse("198.18.0.10"), 80, nodePort, ServicePort.Frontends.NONE,
                new ServicePolicies(external, internal, SessionAffinity.NONE, 0), EndpointSet.EMPTY);
    }

    private static EndpointFixture ep(int number) {
        return new EndpointFixture(number, false, true, true, false, Set.of(), Set.of());
    }

    /** An endpoint {@code 198.18.1.<number>:80}, ready and remote unless told. */
    private record EndpointFixture(int number, boolean local, boolean ready, boolean serving, boolean terminating,
            Set<String> zoneHints, Set<String> nodeHints) {

        Endpoint toEndpoint() {
            return new Endpoint(IpAddress.parse("198.18.1." + number), 80, local, ready, serving, terminating,
                    zoneHints, nodeHints);
        }

        EndpointFixture onThisNode() {
            return new EndpointFixture(number, true, ready, serving, terminating, zoneHints, nodeHints);
        }

        EndpointFixture unready() {
            return new EndpointFixture(number, local, false, serving, terminating, zoneHints, nodeHints);
        }

        EndpointFixture notServing() {
            return new EndpointFixture(number, local, ready, false, terminating, zoneHints, nodeHints);
        }

        EndpointFixture servingTerminating() {
            return new EndpointFixture(number, local, false, true, true, zoneHints, nodeHints);
        }

        EndpointFixture zones(String... zones) {
            return new EndpointFixture(number, local, ready, serving, terminating, Set.of(zones), nodeHints);
        }

        EndpointFixture nodes(String... nodes) {
            return new EndpointFixture(number, local, ready, serving, terminating, zoneHints, Set.of(nodes));
        }
    }
}
