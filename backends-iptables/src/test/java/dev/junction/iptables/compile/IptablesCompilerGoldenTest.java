package dev.junction.iptables.compile;

import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static dev.junction.iptables.compile.SnapshotFixtures.snapshot;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders compiled rulesets and compares them with reviewed golden files. Each file was checked against what
 * kube-proxy's iptables proxier writes for the same input (upstream {@code TestOverallIPTablesRules} and friends),
 * with our test addresses: ClusterIPs 198.18.0.x, pods 198.18.128.0/17, external and load-balancer IPs 198.19.x.
 */
class IptablesCompilerGoldenTest {

    static final Cidr POD_CIDR_V4 = Cidr.parse("198.18.128.0/17");
    static final Cidr POD_CIDR_V6 = Cidr.parse("fd00:198:18:1::/64");
    static final CompilerOptions DEFAULTS =
            CompilerOptions.builder().clusterCidrs(List.of(POD_CIDR_V4, POD_CIDR_V6)).build();

    record GoldenCase(String name, String file, ClusterSnapshot snapshot, IpFamily family, CompilerOptions options,
            ServiceSelection selection) {

        GoldenCase(String name, String file, ClusterSnapshot snapshot) {
            this(name, file, snapshot, IpFamily.IPV4, DEFAULTS, ServiceSelection.ALL);
        }

        GoldenCase(String name, String file, ClusterSnapshot snapshot, CompilerOptions options) {
            this(name, file, snapshot, IpFamily.IPV4, options, ServiceSelection.ALL);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<GoldenCase> cases() {
        return Stream.of(
                new GoldenCase("kube-proxy's overall ruleset (TestOverallIPTablesRules)", "overall",
                        KubeProxyScenarios.overall(), DEFAULTS.toBuilder().nfacctCounters(true).build()),
                new GoldenCase("ClusterIP with two endpoints balances 1/2 then the rest", "clusterip-basic",
                        snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80)
                                .endpoint("198.18.128.1", 8080).endpoint("198.18.128.2", 8080).build())),
                new GoldenCase("named and unnamed ports hash ns/name:port and ns/name", "named-unnamed-ports",
                        snapshot(servicePort("ns1", "svc1", "").clusterIp("198.18.0.41").port(80)
                                        .endpoint("198.18.128.1", 80).build(),
                                servicePort("ns1", "svc2", "https").clusterIp("198.18.0.42").port(443)
                                        .endpoint("198.18.128.2", 8443).build())),
                new GoldenCase("UDP and SCTP ports match their own protocol", "udp-sctp",
                        KubeProxyScenarios.udpAndSctp()),
                new GoldenCase("NodePort with localhost NodePorts counted by nfacct", "nodeport",
                        KubeProxyScenarios.nodePort(),
                        DEFAULTS.toBuilder().nfacctCounters(true).build()),
                new GoldenCase("NodePort on explicit node addresses without localhost", "nodeport-addresses",
                        KubeProxyScenarios.nodePort(),
                        DEFAULTS.toBuilder().nodePortAddresses(addresses("198.19.200.1", "127.0.0.1", "fd00:198:19::1"))
                                .build()),
                new GoldenCase("externalIPs go through the EXT chain", "external-ips",
                        snapshot(servicePort("ns4", "svc4", "p80").clusterIp("198.18.0.44").port(80)
                                .externalIp("198.19.99.33").externalIp("198.19.99.34")
                                .endpoint("198.18.128.4", 80).endpoint("198.18.128.5", 80).local().build())),
                new GoldenCase("LoadBalancer source ranges, node IP inside a range", "loadbalancer-source-ranges",
                        snapshot(servicePort("ns5", "svc5", "p80").clusterIp("198.18.0.45").port(80).nodePort(3002)
                                .loadBalancerIp("198.19.5.8").sourceRange("198.19.113.0/25")
                                .sourceRange("198.19.200.0/24").endpoint("198.18.128.3", 80).build()),
                        DEFAULTS.toBuilder().nodeIps(addresses("198.19.200.1")).build()),
                new GoldenCase("eTP Local with a local endpoint", "etp-local-with-local-endpoints",
                        KubeProxyScenarios.externalPolicyLocal(true)),
                new GoldenCase("eTP Local without local endpoints DROPs external traffic",
                        "etp-local-without-local-endpoints", KubeProxyScenarios.externalPolicyLocal(false)),
                new GoldenCase("iTP Local: SVL for the ClusterIP, DROP when none is local", "itp-local",
                        KubeProxyScenarios.internalPolicyLocal()),
                new GoldenCase("ClientIP affinity checks and sets the recent lists", "session-affinity",
                        KubeProxyScenarios.clientIpAffinity()),
                new GoldenCase("no endpoints anywhere REJECTs every frontend", "no-endpoints-reject",
                        KubeProxyScenarios.noEndpoints()),
                new GoldenCase("masquerade-all marks every ClusterIP packet", "masquerade-all",
                        KubeProxyScenarios.oneEndpoint(),
                        DEFAULTS.toBuilder().masqueradeAll(true).randomFully(true).masqueradeBit(5).build()),
                new GoldenCase("no cluster CIDR: no off-cluster masquerade, no pod short-circuit", "no-cluster-cidr",
                        KubeProxyScenarios.externalPolicyLocal(true),
                        DEFAULTS.toBuilder().clusterCidrs(List.of()).localhostNodePorts(false)
                                .conntrackTcpLiberal(true).build()),
                new GoldenCase("IPv6 view of a dual-stack Service", "dual-stack-ipv6",
                        KubeProxyScenarios.dualStack(), IpFamily.IPV6, DEFAULTS, ServiceSelection.ALL),
                new GoldenCase("large cluster drops per-endpoint comments", "large-cluster",
                        snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").port(80)
                                .clientIpAffinity(10800).endpoint("198.18.128.1", 80).endpoint("198.18.128.2", 80)
                                .endpoint("198.18.128.3", 80).build()),
                        DEFAULTS.toBuilder().largeClusterThreshold(2).build()),
                new GoldenCase("partial compile writes only the selected Service's chains", "partial-compile",
                        KubeProxyScenarios.overall(), IpFamily.IPV4, DEFAULTS,
                        ServiceSelection.only(Set.of(new ObjectRef("ns1", "svc1")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersWhatKubeProxyWould(GoldenCase c) {
        Ruleset ruleset = new IptablesCompiler().compile(c.snapshot(), c.family(), c.options(), c.selection());
        GoldenFiles.assertMatches(c.file(), new RulesetRenderer().render(ruleset).text());
    }

    static List<IpAddress> addresses(String... texts) {
        return Stream.of(texts).map(IpAddress::parse).toList();
    }
}
