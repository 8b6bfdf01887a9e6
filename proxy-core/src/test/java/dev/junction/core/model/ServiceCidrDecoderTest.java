package dev.junction.core.model;

import static dev.junction.core.fixtures.ObjectFixtures.serviceCidr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.net.Cidr;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceCidrDecoderTest {

    record Case(String name, ServiceCIDR input, List<String> cidrs, List<String> problems) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("the API server's default ServiceCIDR", serviceCidr("kubernetes", "198.18.0.0/16"),
                        List.of("198.18.0.0/16"), List.of()),
                new Case("dual-stack keeps both families in API order",
                        serviceCidr("kubernetes", "fd00:198:18::/108", "198.18.0.0/16"),
                        List.of("fd00:198:18::/108", "198.18.0.0/16"), List.of()),
                new Case("host bits are masked, as Go's ParseCIDR does",
                        serviceCidr("extra", "198.19.7.9/24"), List.of("198.19.7.0/24"), List.of()),
                new Case("a bad entry is dropped alone and named with its index",
                        serviceCidr("extra", "198.19.0.0/24", "198.19.1.0/33", "fd00:198:19::/64"),
                        List.of("198.19.0.0/24", "fd00:198:19::/64"),
                        List.of("ServiceCIDR extra spec.cidrs[1]: \"198.19.1.0/33\" (expected: a CIDR such as"
                                + " 198.18.0.0/15)")),
                new Case("an object with only bad entries is kept, empty",
                        serviceCidr("broken", "not-a-cidr"), List.of(),
                        List.of("ServiceCIDR broken spec.cidrs[0]: \"not-a-cidr\" (expected: a CIDR such as"
                                + " 198.18.0.0/15)")),
                new Case("no spec means no prefixes", withoutSpec(serviceCidr("empty")), List.of(), List.of()),
                new Case("an object being deleted still counts, as in kube-proxy's lister",
                        deleting(serviceCidr("old", "198.18.0.0/16")), List.of("198.18.0.0/16"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodesServiceCidrs(Case c) throws InvalidObjectException {
        Decoded<ServiceCidrInfo> decoded = ServiceCidrDecoder.decode(c.input());

        assertThat(decoded.value().name()).isEqualTo(c.input().getMetadata().getName());
        assertThat(decoded.value().cidrs()).isEqualTo(c.cidrs().stream().map(Cidr::parse).toList());
        assertThat(decoded.dropped()).map(FieldProblem::toString).isEqualTo(c.problems());
    }

    @Test
    void anObjectWithoutANameIsRejected() {
        ServiceCIDR unnamed = serviceCidr(null, "198.18.0.0/16");

        assertThatThrownBy(() -> ServiceCidrDecoder.decode(unnamed)).isInstanceOf(InvalidObjectException.class)
                .hasMessageStartingWith("ServiceCIDR").hasMessageContaining("metadata.name: null");
    }

    private static ServiceCIDR withoutSpec(ServiceCIDR serviceCidr) {
        serviceCidr.setSpec(null);
        return serviceCidr;
    }

    private static ServiceCIDR deleting(ServiceCIDR serviceCidr) {
        serviceCidr.getMetadata().setDeletionTimestamp("2026-11-22T00:00:00Z");
        return serviceCidr;
    }
}
