package dev.junction.core.model;

import static dev.junction.core.fixtures.ObjectFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeDecoderTest {

    record Case(String name, Node input, Function<NodeInfo, Object> field, Object expected, List<String> problems) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a plain Node is eligible", node("node-a").build(), NodeInfo::eligible, true, List.of()),
                new Case("a Node being deleted is not eligible",
                        node("node-a").deleting().build(), NodeInfo::eligible, false, List.of()),
                new Case("a Node the cluster autoscaler will delete is not eligible",
                        node("node-a").taint("ToBeDeletedByClusterAutoscaler").build(), NodeInfo::eligible, false,
                        List.of()),
                new Case("other taints leave a Node eligible",
                        node("node-a").taint("node.kubernetes.io/unschedulable").build(), NodeInfo::eligible, true,
                        List.of()),
                new Case("labels and zone are kept",
                        node("node-a").zone("z1").label("kubernetes.io/hostname", "node-a").build(),
                        n -> List.of(n.name(), n.zone(), n.labels()),
                        List.of("node-a", "z1", Map.of("topology.kubernetes.io/zone", "z1",
                                "kubernetes.io/hostname", "node-a")), List.of()),
                new Case("InternalIPs come before ExternalIPs; other address types are ignored",
                        node("node-a").externalIp("198.18.9.1").address("Hostname", "node-a")
                                .internalIp("198.18.8.1").internalIp("fd00:198:18::8").build(),
                        NodeInfo::addresses,
                        List.of(ip("198.18.8.1"), ip("fd00:198:18::8"), ip("198.18.9.1")), List.of()),
                new Case("an unparsable address is dropped alone",
                        node("node-a").internalIp("node-a.local").internalIp("198.18.8.1").build(),
                        NodeInfo::addresses, List.of(ip("198.18.8.1")),
                        List.of("Node node-a status.addresses[0].address: \"node-a.local\" (expected: an IPv4 or IPv6"
                                + " address)")),
                new Case("pod CIDRs are kept and a bad one is dropped alone",
                        node("node-a").podCidrs("198.18.64.0/24", "fd00:198:18:40::/64", "x/24").build(),
                        NodeInfo::podCidrs, List.of(Cidr.parse("198.18.64.0/24"), Cidr.parse("fd00:198:18:40::/64")),
                        List.of("Node node-a spec.podCIDRs[2]: \"x/24\" (expected: a CIDR such as 198.18.0.0/15)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesNodes(Case c) throws InvalidObjectException {
        Decoded<NodeInfo> decoded = NodeDecoder.decode(c.input());

        assertThat(c.field().apply(decoded.value())).isEqualTo(c.expected());
        assertThat(decoded.dropped()).map(FieldProblem::toString).isEqualTo(c.problems());
    }

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }
}
