package dev.junction.iptables.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePortName;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChainNamesTest {

    record PortCase(String name, ServicePortName port, String expectedHash) {
    }

    static Stream<PortCase> portCases() {
        return Stream.of(
                new PortCase("upstream vector ns1/svc1:p80 tcp", name("ns1", "svc1", "p80", Protocol.TCP),
                        "XPGD46QRK7WJZT7O"),
                new PortCase("upstream vector ns2/svc2:p80 tcp", name("ns2", "svc2", "p80", Protocol.TCP),
                        "GNZBNJ2PO5MGZ6GT"),
                new PortCase("upstream vector ns5/svc5:p80 tcp (the firewall chain of TestOverallIPTablesRules)",
                        name("ns5", "svc5", "p80", Protocol.TCP), "NUKIZ6OKUXPJNT4C"),
                new PortCase("every cluster's API server default/kubernetes:https",
                        name("default", "kubernetes", "https", Protocol.TCP), "NPX46M4PTMTKRN6Y"),
                new PortCase("every cluster's DNS over UDP kube-system/kube-dns:dns",
                        name("kube-system", "kube-dns", "dns", Protocol.UDP), "TCOU7JCQXEZGVUNU"),
                new PortCase("every cluster's DNS over TCP kube-system/kube-dns:dns-tcp",
                        name("kube-system", "kube-dns", "dns-tcp", Protocol.TCP), "ERIFXISQEP7F7OF4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("portCases")
    void portProtoHashMatchesKubeProxy(PortCase c) {
        assertThat(ChainNames.portProtoHash(c.port())).isEqualTo(c.expectedHash());
        ChainNames.ServiceChains chains = ChainNames.ServiceChains.of(c.port());
        assertThat(chains.clusterPolicy().name()).isEqualTo("KUBE-SVC-" + c.expectedHash());
        assertThat(chains.localPolicy().name()).isEqualTo("KUBE-SVL-" + c.expectedHash());
        assertThat(chains.external().name()).isEqualTo("KUBE-EXT-" + c.expectedHash());
        assertThat(chains.firewall().name()).isEqualTo("KUBE-FW-" + c.expectedHash());
    }

    record EndpointCase(String name, ServicePortName port, String endpointIp, int endpointPort, String expected) {
    }

    static Stream<EndpointCase> endpointCases() {
        return Stream.of(
                new EndpointCase("upstream vector ns1/svc1:p80 tcp 10.180.0.1:80",
                        name("ns1", "svc1", "p80", Protocol.TCP), "10.180.0.1", 80, "KUBE-SEP-SXIVWICOYRO3J4NJ"),
                new EndpointCase("upstream vector ns2/svc2:p80 tcp 10.180.0.2:80 (TestOverallIPTablesRules)",
                        name("ns2", "svc2", "p80", Protocol.TCP), "10.180.0.2", 80, "KUBE-SEP-RS4RBKLTHTF2IUXJ"),
                new EndpointCase("IPv6 endpoint hashes the bracketed [ip]:port",
                        name("ns1", "svc1", "p80", Protocol.TCP), "fd00:198:18:1::1", 80,
                        "KUBE-SEP-" + referenceHash("ns1/svc1:p80tcp[fd00:198:18:1::1]:80")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointCases")
    void endpointChainMatchesKubeProxy(EndpointCase c) {
        Endpoint endpoint = new Endpoint(IpAddress.parse(c.endpointIp()), c.endpointPort(), false, true, true, false,
                Set.of(), Set.of());
        assertThat(ChainNames.endpointChain(c.port(), endpoint).name()).isEqualTo(c.expected());
    }

    @Test
    void unnamedPortHashesTheServiceNameAlone() {
        assertThat(ChainNames.portProtoHash(name("ns1", "svc1", "", Protocol.UDP)))
                .isEqualTo(referenceHash("ns1/svc1udp"));
    }

    record OwnershipCase(String name, String chain, boolean ours) {
    }

    static Stream<OwnershipCase> ownershipCases() {
        return Stream.of(
                new OwnershipCase("cluster policy chain", "KUBE-SVC-XPGD46QRK7WJZT7O", true),
                new OwnershipCase("local policy chain", "KUBE-SVL-XPGD46QRK7WJZT7O", true),
                new OwnershipCase("external chain", "KUBE-EXT-XPGD46QRK7WJZT7O", true),
                new OwnershipCase("firewall chain", "KUBE-FW-XPGD46QRK7WJZT7O", true),
                new OwnershipCase("endpoint chain", "KUBE-SEP-SXIVWICOYRO3J4NJ", true),
                new OwnershipCase("top-level chain is never stale", "KUBE-SERVICES", false),
                new OwnershipCase("mark chain is never stale", "KUBE-MARK-MASQ", false),
                new OwnershipCase("someone else's chain", "DOCKER-USER", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownershipCases")
    void recognisesOnlyPerServiceChainsAsOurs(OwnershipCase c) {
        assertThat(ChainNames.isOurServiceChain(c.chain())).isEqualTo(c.ours());
    }

    private static ServicePortName name(String namespace, String service, String port, Protocol protocol) {
        return new ServicePortName(new ObjectRef(namespace, service), port, protocol);
    }

    /** An independent base32(sha256(text))[:16], with the JDK's digest and a plain RFC 4648 encoder. */
    private static String referenceHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder bits = new StringBuilder();
            for (byte b : digest) {
                bits.append(String.format("%8s", Integer.toBinaryString(b & 0xff)).replace(' ', '0'));
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                int index = Integer.parseInt(bits.substring(i * 5, i * 5 + 5), 2);
                out.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(index));
            }
            return out.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
