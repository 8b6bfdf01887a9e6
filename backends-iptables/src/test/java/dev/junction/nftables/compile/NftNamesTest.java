package dev.junction.nftables.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePortName;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The names must be kube-proxy's, byte for byte: vectors from upstream's nftables proxier_test.go. */
class NftNamesTest {

    private static final ServicePortName SVC1_P80 = new ServicePortName(new ObjectRef("ns1", "svc1"), "p80",
            Protocol.TCP);

    @Test
    void portChainsShareOneHashedBase() {
        NftNames.PortNames names = NftNames.PortNames.of(SVC1_P80);

        assertThat(names.clusterPolicy()).isEqualTo("service-ULMVA6XW-ns1/svc1/tcp/p80");
        assertThat(names.localPolicy()).isEqualTo("local-ULMVA6XW-ns1/svc1/tcp/p80");
        assertThat(names.external()).isEqualTo("external-ULMVA6XW-ns1/svc1/tcp/p80");
        assertThat(names.firewall()).isEqualTo("firewall-ULMVA6XW-ns1/svc1/tcp/p80");
    }

    @Test
    void endpointChainAndAffinitySetAddTheEndpoint() {
        Endpoint endpoint = endpoint("10.180.0.1", 80);

        assertThat(NftNames.endpointChain(SVC1_P80, endpoint))
                .isEqualTo("endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
        assertThat(NftNames.affinitySet(SVC1_P80, endpoint))
                .isEqualTo("affinity-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
    }

    @Test
    void ipv6EndpointsTradeColonsForDots() {
        assertThat(NftNames.endpointChain(SVC1_P80, endpoint("fd00:198:18:1::1", 80)))
                .endsWith("-ns1/svc1/tcp/p80__fd00.198.18.1..1/80");
    }

    @Test
    void namesOverTheLimitAreCutTo240CharactersAfterThePrefixAndStayDistinct() {
        String longName = "n".repeat(63);
        ServicePortName port = new ServicePortName(new ObjectRef("x".repeat(63), longName), "p".repeat(63),
                Protocol.TCP);
        String first = NftNames.endpointChain(port, endpoint("fd00:198:18:1:1111:2222:3333:4444", 65000));
        String second = NftNames.endpointChain(port, endpoint("fd00:198:18:1:1111:2222:3333:4445", 65000));

        assertThat(first).hasSize("endpoint-".length() + 240).endsWith("...");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void onlyPerServiceChainsCountAsOurs() {
        assertThat(NftNames.isServiceChain("service-ULMVA6XW-ns1/svc1/tcp/p80")).isTrue();
        assertThat(NftNames.isServiceChain("services")).isFalse();
        assertThat(NftNames.isServiceChain("nat-prerouting")).isFalse();
        assertThat(NftNames.isAffinitySet("affinity-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80")).isTrue();
        assertThat(NftNames.isAffinitySet("cluster-ips")).isFalse();
    }

    private static Endpoint endpoint(String ip, int port) {
        return new Endpoint(IpAddress.parse(ip), port, false, true, true, false, Set.of(), Set.of());
    }
}
