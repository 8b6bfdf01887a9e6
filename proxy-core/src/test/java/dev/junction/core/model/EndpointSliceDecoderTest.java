package dev.junction.core.model;

import static dev.junction.core.fixtures.ObjectFixtures.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.model.EndpointInfo.EndpointConditions;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointSliceDecoderTest {

    record Valid(String name, EndpointSlice input, Function<EndpointSliceInfo, Object> field, Object expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> valid() {
        return Stream.of(
                new Valid("the slice names its Service through the service-name label",
                        slice("ns1", "web-abc", "web").build(),
                        s -> List.of(s.ref(), s.serviceRef(), s.addressType()),
                        List.of(new ObjectRef("ns1", "web-abc"), new ObjectRef("ns1", "web"), IpFamily.IPV4)),
                new Valid("unset conditions default to ready, serving and not terminating",
                        slice("ns1", "web-abc", "web").endpoint("198.18.1.1").build(),
                        s -> s.endpoints().get(0).conditions(), EndpointConditions.READY),
                new Valid("set conditions are kept",
                        slice("ns1", "web-abc", "web").endpoint("198.18.1.1").servingTerminating().build(),
                        s -> s.endpoints().get(0).conditions(), new EndpointConditions(false, true, true)),
                new Valid("a port without protocol is TCP; an empty name is the unnamed port",
                        slice("ns1", "web-abc", "web").port("", 8080, null).port("dns", 53, "UDP").build(),
                        EndpointSliceInfo::ports, List.of(new EndpointPortInfo("", Protocol.TCP, 8080),
                                new EndpointPortInfo("dns", Protocol.UDP, 53))),
                new Valid("hostname, node, zone, hints and pod name are kept",
                        slice("ns1", "web-abc", "web").endpoint("198.18.1.1").hostname("web-0").node("node-a")
                                .zone("z1").zoneHints("z1", "z2").nodeHints("node-a").pod("web-0").build(),
                        s -> s.endpoints().get(0), new EndpointInfo(List.of(ip("198.18.1.1")), "web-0", "node-a",
                                "z1", EndpointConditions.READY, Set.of("z1", "z2"), Set.of("node-a"), "web-0")),
                new Valid("a target that is not a Pod gives no pod name",
                        nonPodTarget(), s -> s.endpoints().get(0).podName(), ""),
                new Valid("an IPv6 slice keeps its IPv6 endpoints",
                        slice("ns1", "web-abc", "web").ipv6().endpoint("fd00:198:18::1").build(),
                        s -> List.of(s.addressType(), s.endpoints().get(0).address()),
                        List.of(IpFamily.IPV6, ip("fd00:198:18::1"))),
                new Valid("the last-change-trigger-time annotation is parsed as RFC 3339",
                        slice("ns1", "web-abc", "web").triggerTime("2026-11-22T01:02:03+01:00").build(),
                        EndpointSliceInfo::lastChangeTriggerTime,
                        Optional.of(Instant.parse("2026-11-22T00:02:03Z"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void decodesValidSlices(Valid c) throws InvalidObjectException {
        Decoded<EndpointSliceInfo> decoded = EndpointSliceDecoder.decode(c.input()).orElseThrow();

        assertThat(c.field().apply(decoded.value())).isEqualTo(c.expected());
        assertThat(decoded.dropped()).isEmpty();
    }

    record Ignored(String name, EndpointSlice input) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Ignored> ignored() {
        return Stream.of(
                new Ignored("a slice without the service-name label is not proxied",
                        slice("ns1", "web-abc", null).endpoint("198.18.1.1").build()),
                new Ignored("a slice with an empty service-name label is not proxied",
                        slice("ns1", "web-abc", "").endpoint("198.18.1.1").build()),
                new Ignored("an FQDN slice is not proxied",
                        slice("ns1", "web-abc", "web").addressType("FQDN").endpoint("db.example.org").build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignored")
    void ignoresUnproxiedSlices(Ignored c) throws InvalidObjectException {
        assertThat(EndpointSliceDecoder.decode(c.input())).isEmpty();
    }

    record Dropped(String name, EndpointSlice input, Function<EndpointSliceInfo, Object> kept, Object expected,
            List<String> problems) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Dropped> dropped() {
        return Stream.of(
                new Dropped("a port without a name is ignored, as kube-proxy ignores it",
                        slice("ns1", "web-abc", "web").port(null, 8080, "TCP").port("http", 8080).build(),
                        s -> s.ports().size(), 1,
                        List.of("EndpointSlice ns1/web-abc ports[0].name: null (expected: a name, \"\" for an"
                                + " unnamed Service port)")),
                new Dropped("a port without a number is ignored",
                        slice("ns1", "web-abc", "web").port("http", null, "TCP").build(),
                        s -> s.ports().size(), 0,
                        List.of("EndpointSlice ns1/web-abc ports[0].port: null (expected: 1-65535)")),
                new Dropped("port 0 is ignored",
                        slice("ns1", "web-abc", "web").port("http", 0, "TCP").build(),
                        s -> s.ports().size(), 0,
                        List.of("EndpointSlice ns1/web-abc ports[0].port: 0 (expected: 1-65535)")),
                new Dropped("a port of an unknown protocol is ignored",
                        slice("ns1", "web-abc", "web").port("http", 80, "QUIC").build(),
                        s -> s.ports().size(), 0,
                        List.of("EndpointSlice ns1/web-abc ports[0].protocol: \"QUIC\" (expected: TCP, UDP or"
                                + " SCTP)")),
                new Dropped("an endpoint of the wrong family is dropped, the others kept",
                        slice("ns1", "web-abc", "web").endpoint("fd00:198:18::1").endpoint("198.18.1.2").build(),
                        s -> s.endpoints().stream().map(EndpointInfo::address).toList(), List.of(ip("198.18.1.2")),
                        List.of("EndpointSlice ns1/web-abc endpoints[0].addresses[0]: \"fd00:198:18::1\" (expected:"
                                + " an IPv4 address)")),
                new Dropped("an endpoint with an unparsable address is dropped",
                        slice("ns1", "web-abc", "web").endpoint("198.18.1.256").build(),
                        s -> s.endpoints().size(), 0,
                        List.of("EndpointSlice ns1/web-abc endpoints[0].addresses[0]: \"198.18.1.256\" (expected:"
                                + " an IPv4 address)")),
                new Dropped("a bad second address is dropped but the endpoint, proxied to its first, is kept",
                        slice("ns1", "web-abc", "web").endpoint("198.18.1.1", "bad").build(),
                        s -> s.endpoints().get(0).addresses(), List.of(ip("198.18.1.1")),
                        List.of("EndpointSlice ns1/web-abc endpoints[0].addresses[1]: \"bad\" (expected: an IPv4"
                                + " address)")),
                new Dropped("an endpoint without addresses is dropped",
                        slice("ns1", "web-abc", "web").endpoint().build(),
                        s -> s.endpoints().size(), 0,
                        List.of("EndpointSlice ns1/web-abc endpoints[0].addresses: \"[]\" (expected: at least one"
                                + " address)")),
                new Dropped("an unparsable trigger time is ignored",
                        slice("ns1", "web-abc", "web").triggerTime("yesterday").build(),
                        EndpointSliceInfo::lastChangeTriggerTime, Optional.empty(),
                        List.of("EndpointSlice ns1/web-abc metadata.annotations[endpoints.kubernetes.io/"
                                + "last-change-trigger-time]: \"yesterday\" (expected: an RFC 3339 time)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dropped")
    void dropsBadEntriesOneByOne(Dropped c) throws InvalidObjectException {
        Decoded<EndpointSliceInfo> decoded = EndpointSliceDecoder.decode(c.input()).orElseThrow();

        assertThat(c.kept().apply(decoded.value())).isEqualTo(c.expected());
        assertThat(decoded.dropped()).map(FieldProblem::toString).isEqualTo(c.problems());
    }

    @Test
    void rejectsAnUnknownAddressType() {
        EndpointSlice input = slice("ns1", "web-abc", "web").addressType("IPX").build();

        assertThatThrownBy(() -> EndpointSliceDecoder.decode(input))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessage("EndpointSlice ns1/web-abc addressType: \"IPX\" (expected: IPv4, IPv6 or FQDN)");
    }

    private static EndpointSlice nonPodTarget() {
        EndpointSlice slice = slice("ns1", "web-abc", "web").endpoint("198.18.1.1").build();
        ObjectReference target = new ObjectReference();
        target.setKind("Node");
        target.setName("node-a");
        slice.getEndpoints().get(0).setTargetRef(target);
        return slice;
    }

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }
}
