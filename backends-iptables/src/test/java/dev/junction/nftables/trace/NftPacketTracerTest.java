package dev.junction.nftables.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.iptables.trace.Packet;
import dev.junction.nftables.compile.NftChain;
import dev.junction.nftables.compile.NftRuleset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the tracer does with rules outside the compiler's grammar, and the chance arithmetic of a random cascade; the
 * compiler's real output is traced in {@code NftTracerAgreementTest}.
 */
class NftPacketTracerTest {

    private static final Packet FROM_POD = new Packet(IpAddress.parse("198.18.128.9"), IpAddress.parse("198.18.0.10"),
            80, Protocol.TCP, Packet.Origin.POD);

    @Test
    void aRuleItDoesNotKnowFailsTheTraceInsteadOfBeingSkipped() {
        NftPacketTracer tracer = tracer(List.of("ip daddr 198.18.0.10 tcp dport 80 queue num 3"));

        assertThatThrownBy(() -> tracer.trace(FROM_POD)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nft action \"queue num 3\"");
    }

    @Test
    void aRandomCascadeGivesEachEndpointItsShare() {
        NftTrace trace = tracer(List.of(
                "meta l4proto tcp numgen random mod 3 == 0 dnat to 198.18.128.1:80",
                "meta l4proto tcp numgen random mod 2 == 0 dnat to 198.18.128.2:80",
                "meta l4proto tcp dnat to 198.18.128.3:80")).trace(FROM_POD);

        assertThat(trace.chances()).containsOnlyKeys("198.18.128.1:80", "198.18.128.2:80", "198.18.128.3:80");
        assertThat(trace.chances().values()).allSatisfy(chance -> assertThat(chance).isCloseTo(1 / 3.0,
                offset(1e-9)));
    }

    /** A table whose nat-prerouting chain runs {@code rules}. */
    private static NftPacketTracer tracer(List<String> rules) {
        NftRuleset ruleset = new NftRuleset(IpFamily.IPV4, List.of(new NftChain("nat-prerouting", rules)), List.of(),
                false, Map.of());
        return new NftPacketTracer(ruleset, List.of(IpAddress.parse("198.19.200.1")));
    }
}
