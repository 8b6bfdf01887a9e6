package dev.junction.iptables.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.iptables.trace.PacketTracerTest.Flow;
import dev.junction.nftables.compile.NftCompiler;
import dev.junction.nftables.compile.NftRuleset;
import dev.junction.nftables.trace.NftPacketTracer;
import dev.junction.nftables.trace.NftTrace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PacketTracerTest}'s flows again, through the nftables compiler and {@link NftPacketTracer}: both modes
 * compile the same traffic plan, so every packet must end the same, except where kube-proxy's nftables mode itself
 * differs from its iptables mode (listed in {@link #NFTABLES_DIFFERS}, each with the reason).
 */
class NftTracerAgreementTest {

    /** Flow name to the nftables outcome, where kube-proxy's nftables mode does otherwise. */
    private static final Map<String, String> NFTABLES_DIFFERS = Map.of(
            // The cluster-ips-check chain rejects a ClusterIP on a port (or protocol) its Service does not define.
            "ClusterIP on the wrong port is not ours", "REJECT",
            "UDP to a TCP port is not ours", "REJECT",
            // NodePorts never listen on loopback in nftables mode (no route_localnet).
            "NodePort on localhost", "",
            // No filter rule accepts the health check port: nftables mode keeps no ACCEPT rules.
            "health check node port is accepted", "");

    @ParameterizedTest(name = "{0}")
    @MethodSource({"dev.junction.iptables.trace.PacketTracerTest#clusterIpFlows",
        "dev.junction.iptables.trace.PacketTracerTest#externalFlows",
        "dev.junction.iptables.trace.PacketTracerTest#trafficPolicyFlows",
        "dev.junction.iptables.trace.PacketTracerTest#ipv6Flows"})
    void endsAsTheIptablesModeDoes(Flow flow) {
        IpFamily family = flow.packet().destination().family();
        NftRuleset ruleset = new NftCompiler().compile(flow.snapshot(), family, flow.options());
        NftTrace trace = new NftPacketTracer(ruleset, List.of(IpAddress.parse(PacketTracerTest.NODE_IP),
                IpAddress.parse(PacketTracerTest.NODE_IP_V6))).trace(flow.packet());

        String output = trace.verdict().orElse(String.join(", ", trace.chances().keySet()));
        String matched = String.join("\n", trace.matched());
        assertThat(output).as("output, by matching:%n%s", matched)
                .isEqualTo(NFTABLES_DIFFERS.getOrDefault(flow.name(), flow.output()));
        if (!trace.chances().isEmpty()) {
            assertThat(trace.masquerade()).as("masquerade, by matching:%n%s", matched).isEqualTo(flow.masquerade());
        }
    }
}
