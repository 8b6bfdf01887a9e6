package dev.junction.nftables.compile;


import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.GoldenFiles;
import dev.junction.iptables.compile.KubeProxyScenarios;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the full-sync transaction of compiled tables and compares it with reviewed golden files
 * ({@code golden/nftables/}). Each was checked against kube-proxy's nftables proxier for the same input (upstream
 * {@code TestOverallNFTablesRules} and friends): the same maps, verdicts, chain names and rules, except the DNAT of
 * Services without affinity, which goes through a {@code numgen} map instead of endpoint chains (see
 * {@link NftCompiler}).
 */
class NftCompilerGoldenTest {

    static final Cidr POD_CIDR_V4 = Cidr.parse("198.18.128.0/17");
    static final Cidr POD_CIDR_V6 = Cidr.parse("fd00:198:18:1::/64");
    /** Where the scenarios' ClusterIPs come from, as upstream's test proxier sets its ServiceCIDRs. */
    static final List<Cidr> SERVICE_CIDRS = List.of(Cidr.parse("198.18.0.0/17"), Cidr.parse("fd00:198:18::/112"));
    /** nftables' default NodePort addresses: the node's primary IP. */
    static final CompilerOptions DEFAULTS = CompilerOptions.builder().clusterCidrs(List.of(POD_CIDR_V4, POD_CIDR_V6))
            .nodePortAddresses(addresses("198.19.200.1", "fd00:198:19::1")).nodeIps(addresses("198.19.200.1"))
            .serviceCidrs(SERVICE_CIDRS).build();

    record GoldenCase(String name, String file, ClusterSnapshot snapshot, IpFamily family, CompilerOptions options) {

        GoldenCase(String name, String file, ClusterSnapshot snapshot) {
            this(name, file, snapshot, IpFamily.IPV4, DEFAULTS);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<GoldenCase> cases() {
        return Stream.of(
                new GoldenCase("kube-proxy's overall table (TestOverallNFTablesRules)", "overall",
                        KubeProxyScenarios.overall()),
                new GoldenCase("UDP and SCTP ports dispatch on their own protocol", "udp-sctp",
                        KubeProxyScenarios.udpAndSctp()),
                new GoldenCase("NodePorts on every local address but loopback when unrestricted", "nodeport-any-address",
                        KubeProxyScenarios.nodePort(),
                        IpFamily.IPV4, DEFAULTS.toBuilder().nodePortAddresses(List.of()).nodePortsOnAnyAddress(true)
                                .build()),
                new GoldenCase("eTP Local with a local endpoint", "etp-local-with-local-endpoints",
                        KubeProxyScenarios.externalPolicyLocal(true)),
                new GoldenCase("eTP Local without local endpoints drops external traffic",
                        "etp-local-without-local-endpoints", KubeProxyScenarios.externalPolicyLocal(false)),
                new GoldenCase("iTP Local: local- chain for the ClusterIP, drop when none is local", "itp-local",
                        KubeProxyScenarios.internalPolicyLocal()),
                new GoldenCase("ClientIP affinity keeps kube-proxy's endpoint chains and timeout sets",
                        "session-affinity",
                        KubeProxyScenarios.clientIpAffinity()),
                new GoldenCase("no endpoints anywhere rejects every frontend", "no-endpoints-reject",
                        KubeProxyScenarios.noEndpoints()),
                new GoldenCase("masquerade-all marks every ClusterIP packet", "masquerade-all",
                        KubeProxyScenarios.oneEndpoint(),
                        IpFamily.IPV4, DEFAULTS.toBuilder().masqueradeAll(true).masqueradeBit(5).build()),
                new GoldenCase("IPv6 view of a dual-stack Service", "dual-stack-ipv6",
                        KubeProxyScenarios.dualStack(), IpFamily.IPV6, DEFAULTS),
                new GoldenCase("no ServiceCIDRs (an API server before 1.33): nothing is dropped", "no-service-cidrs",
                        KubeProxyScenarios.oneEndpoint(),
                        IpFamily.IPV4, DEFAULTS.toBuilder().serviceCidrs(List.of()).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheFullSyncTransaction(GoldenCase c) {
        NftRuleset ruleset = new NftCompiler().compile(c.snapshot(), c.family(), c.options());
        GoldenFiles.assertMatches("nftables/" + c.file(),
                NftSyncPlan.full(ruleset, List.of(), List.of()).transaction().text());
    }

    static List<IpAddress> addresses(String... texts) {
        return Stream.of(texts).map(IpAddress::parse).toList();
    }
}
