package dev.junction.core.snapshot;

import static dev.junction.core.fixtures.ObjectFixtures.node;
import static dev.junction.core.fixtures.ObjectFixtures.service;
import static dev.junction.core.fixtures.ObjectFixtures.slice;
import static dev.junction.core.snapshot.SnapshotFixtures.describeEndpoints;
import static dev.junction.core.snapshot.SnapshotFixtures.describeFrontends;
import static dev.junction.core.snapshot.SnapshotFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.fixtures.ServiceFixture;
import dev.junction.core.fixtures.SliceFixture;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnapshotBuilderTest {

    private static final String NODE = "node-a";

    record Case(String name, List<HasMetadata> objects, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> endpointCases() {
        return Stream.of(
                new Case("a ClusterIP Service gets one port with its ready endpoint",
                        List.of(web().build(), webSlice().endpoint("198.18.1.1").node("node-b").build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[198.18.1.1:8080] local=[] any=true")),
                new Case("headless, ExternalName and ClusterIP-less Services are not proxied",
                        List.of(service("ns1", "h").headless().port("http", 80).build(),
                                service("ns1", "x").externalName("db.example.org").port("http", 80).build(),
                                service("ns1", "n").legacyClusterIp("").port("http", 80).build(),
                                slice("ns1", "h-1", "h").port("http", 8080).endpoint("198.18.1.1").build()),
                        List.of()),
                new Case("a Service left to another proxy by service-proxy-name is not proxied",
                        List.of(web().label("service.kubernetes.io/service-proxy-name", "other").build(),
                                webSlice().endpoint("198.18.1.1").build()),
                        List.of()),
                new Case("a Service without endpoints has none anywhere (REJECT)",
                        List.of(web().build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[] local=[] any=false")),
                new Case("slice ports join Service ports by name and protocol",
                        List.of(service("ns1", "dns").clusterIp("198.18.0.53").port("dns", 53, "UDP")
                                        .port("dns-tcp", 53, "TCP").build(),
                                slice("ns1", "dns-1", "dns").port("dns", 5353, "UDP").port("dns", 5354, "TCP")
                                        .port("dns-tcp", 5353, "UDP").endpoint("198.18.1.1").build()),
                        List.of("ns1/dns:dns IPv4 198.18.0.53:53 cluster=[198.18.1.1:5353] local=[] any=true",
                                "ns1/dns:dns-tcp IPv4 198.18.0.53:53 cluster=[] local=[] any=false")),
                new Case("an unnamed Service port joins the unnamed slice port",
                        List.of(service("ns1", "web").clusterIp("198.18.0.10").port("", 80).build(),
                                slice("ns1", "web-1", "web").port("", 8080).endpoint("198.18.1.1").build()),
                        List.of("ns1/web IPv4 198.18.0.10:80 cluster=[198.18.1.1:8080] local=[] any=true")),
                new Case("slices of another Service, or another namespace, are not joined",
                        List.of(web().build(),
                                slice("ns1", "api-1", "api").port("http", 8080).endpoint("198.18.1.1").build(),
                                slice("ns2", "web-1", "web").port("http", 8080).endpoint("198.18.1.2").build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[] local=[] any=false")),
                new Case("a duplicate ip:port resolves to the non-terminating copy, whatever the slice order",
                        List.of(web().build(),
                                webSlice("web-1").endpoint("198.18.1.1").servingTerminating().node(NODE).build(),
                                webSlice("web-2").endpoint("198.18.1.1").node(NODE).build(),
                                webSlice("web-3").endpoint("198.18.1.2").node(NODE).build(),
                                webSlice("web-4").endpoint("198.18.1.2").servingTerminating().node(NODE).build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[198.18.1.1:8080, 198.18.1.2:8080]"
                                + " local=[] any=true")),
                new Case("the same address on two port numbers of one port name gives two endpoints",
                        List.of(web().build(), webSlice("web-1").endpoint("198.18.1.1").build(),
                                slice("ns1", "web-2", "web").port("http", 9090).endpoint("198.18.1.1").build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[198.18.1.1:8080, 198.18.1.1:9090]"
                                + " local=[] any=true")),
                new Case("only an endpoint's first address is proxied to",
                        List.of(web().build(), webSlice().endpoint("198.18.1.1", "198.18.1.2").build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[198.18.1.1:8080] local=[] any=true")),
                new Case("eTP Local on a NodePort: local endpoints are those on this node",
                        List.of(service("ns1", "web").clusterIp("198.18.0.10").type("NodePort")
                                        .port("http", 80, "TCP", 30080).externalTrafficPolicy("Local").build(),
                                webSlice().endpoint("198.18.1.1").node(NODE).endpoint("198.18.1.2").node("node-b")
                                        .build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[198.18.1.1:8080, 198.18.1.2:8080]"
                                + " local=[198.18.1.1:8080] any=true")),
                new Case("iTP Local with endpoints only elsewhere: no local endpoint but some exist (DROP)",
                        List.of(service("ns1", "web").clusterIp("198.18.0.10").port("http", 80)
                                        .internalTrafficPolicy("Local").build(),
                                webSlice().endpoint("198.18.1.2").node("node-b").build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[] local=[] any=true")),
                new Case("terminating fallback is decided separately for cluster and local",
                        List.of(service("ns1", "web").clusterIp("198.18.0.10").type("NodePort")
                                        .port("http", 80, "TCP", 30080).externalTrafficPolicy("Local").build(),
                                webSlice().endpoint("198.18.1.1").node("node-b")
                                        .endpoint("198.18.1.2").node(NODE).servingTerminating().build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[198.18.1.1:8080]"
                                + " local=[198.18.1.2:8080] any=true")),
                new Case("zone hints use this node's topology.kubernetes.io/zone label",
                        List.of(node(NODE).zone("z1").build(), web().build(),
                                webSlice().endpoint("198.18.1.1").zoneHints("z1").endpoint("198.18.1.2")
                                        .zoneHints("z2").build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[198.18.1.1:8080] local=[] any=true")),
                new Case("a dual-stack Service gets one port per family, each with its own family's slices",
                        List.of(service("ns1", "web").clusterIp("198.18.0.10", "fd00:198:18::10").port("http", 80)
                                        .build(),
                                webSlice("web-4").endpoint("198.18.1.1").build(),
                                slice("ns1", "web-6", "web").ipv6().port("http", 8080).endpoint("fd00:198:18::1:1")
                                        .build()),
                        List.of("ns1/web:http IPv4 198.18.0.10:80 cluster=[198.18.1.1:8080] local=[] any=true",
                                "ns1/web:http IPv6 [fd00:198:18::10]:80 cluster=[[fd00:198:18::1:1]:8080] local=[]"
                                        + " any=true")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointCases")
    void buildsEndpointSets(Case c) {
        assertThat(describeEndpoints(snapshot(NODE, c.objects()))).isEqualTo(c.expected());
    }

    static Stream<Case> frontendCases() {
        return Stream.of(
                new Case("externalIPs, load-balancer IPs and source ranges are filtered to each port's family",
                        List.of(service("ns1", "web").clusterIp("198.18.0.10", "fd00:198:18::10").type("LoadBalancer")
                                .port("http", 80, "TCP", 30080).externalIps("198.18.4.1", "fd00:198:18::4:1")
                                .loadBalancerIngress("198.18.5.1").loadBalancerIngress("fd00:198:18::5:1")
                                .sourceRanges("198.18.0.0/16", "fd00:198:18::/48").build()),
                        List.of("ns1/web:http IPv4 ext=[198.18.4.1] lb=[198.18.5.1] src=[198.18.0.0/16]",
                                "ns1/web:http IPv6 ext=[fd00:198:18::4:1] lb=[fd00:198:18::5:1]"
                                        + " src=[fd00:198:18::/48]")),
                new Case("a dual-stack load balancer with IPv4-only ranges has no range on IPv6",
                        List.of(service("ns1", "web").clusterIp("198.18.0.10", "fd00:198:18::10").type("LoadBalancer")
                                .port("http", 80, "TCP", 30080).sourceRanges("198.18.0.0/16").build()),
                        List.of("ns1/web:http IPv4 ext=[] lb=[] src=[198.18.0.0/16]",
                                "ns1/web:http IPv6 ext=[] lb=[] src=[]")),
                new Case("a load-balancer IP of ipMode Proxy is not captured",
                        List.of(service("ns1", "web").clusterIp("198.18.0.10").type("LoadBalancer")
                                .port("http", 80, "TCP", 30080).loadBalancerIngress("198.18.5.1", "Proxy")
                                .loadBalancerIngress("198.18.5.2", "VIP").build()),
                        List.of("ns1/web:http IPv4 ext=[] lb=[198.18.5.2] src=[]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frontendCases")
    void filtersFrontendsToTheFamily(Case c) {
        assertThat(describeFrontends(snapshot(NODE, c.objects()))).isEqualTo(c.expected());
    }

    private static ServiceFixture web() {
        return service("ns1", "web").clusterIp("198.18.0.10").port("http", 80);
    }

    private static SliceFixture webSlice() {
        return webSlice("web-abc");
    }

    private static SliceFixture webSlice(String name) {
        return slice("ns1", name, "web").port("http", 8080);
    }
}
