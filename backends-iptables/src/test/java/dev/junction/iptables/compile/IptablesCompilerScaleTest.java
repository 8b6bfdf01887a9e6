package dev.junction.iptables.compile;

import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A cluster of 10,000 Services with 10 endpoints each, the size the compiler must handle within one sync. Timing is
 * measured in bench/; here we check that the result is complete and consistent at that size.
 */
class IptablesCompilerScaleTest {

    static final int SERVICES = 10_000;
    static final int ENDPOINTS = 10;

    static final ClusterSnapshot LARGE = largeSnapshot();

    @Test
    void compilesTenThousandServicesWithTenEndpointsEach() {
        Ruleset ruleset = new IptablesCompiler().compile(LARGE, IpFamily.IPV4, IptablesCompilerGoldenTest.DEFAULTS);

        // Per Service: SVC + 10 SEP chains. Per SVC: masquerade + 10 balancing rules; per SEP: hairpin + DNAT.
        assertThat(ruleset.serviceChains()).hasSize(SERVICES * (1 + ENDPOINTS));
        assertThat(ruleset.largeClusterMode()).isTrue();
        assertThat(ruleset.rules(Table.NAT, Chain.KUBE_SERVICES)).hasSize(SERVICES + 1);
        int natRules = 4 + SERVICES + 1 + SERVICES * (1 + ENDPOINTS + 2 * ENDPOINTS);
        assertThat(ruleset.ruleCount(Table.NAT)).isEqualTo(natRules);
        RulesetRenderer.Rendered rendered = new RulesetRenderer().render(ruleset);
        assertThat(rendered.ruleLines(Table.NAT)).isEqualTo(natRules);
        assertThat(rendered.text()).doesNotContain("-m comment --comment ns0/svc0:p80 ");
    }

    @Test
    void partialCompileOfOneServiceBuildsOnlyThatServicesChains() {
        Ruleset ruleset = new IptablesCompiler().compile(LARGE, IpFamily.IPV4, IptablesCompilerGoldenTest.DEFAULTS,
                ServiceSelection.only(Set.of(new ObjectRef("ns7", "svc7"))));

        long perServiceChains = ruleset.chains(Table.NAT).stream()
                .filter(c -> ChainNames.isOurServiceChain(c.chain().name())).count();
        assertThat(perServiceChains).isEqualTo(1 + ENDPOINTS);
        assertThat(ruleset.services()).containsOnlyKeys(new ObjectRef("ns7", "svc7"));
        assertThat(ruleset.services().get(new ObjectRef("ns7", "svc7")).natRules())
                .isEqualTo(1 + ENDPOINTS + 2 * ENDPOINTS);
        assertThat(ruleset.rules(Table.NAT, Chain.KUBE_SERVICES)).as("top-level chains stay complete")
                .hasSize(SERVICES + 1);
    }

    private static ClusterSnapshot largeSnapshot() {
        List<ServicePort> ports = new ArrayList<>(SERVICES);
        for (int s = 0; s < SERVICES; s++) {
            SnapshotFixtures.PortBuilder port = servicePort("ns" + s, "svc" + s, "p80")
                    .clusterIp(testAddress(s)).port(80);
            for (int e = 0; e < ENDPOINTS; e++) {
                port.endpoint(testAddress(16_384 + s * ENDPOINTS + e), 8080);
            }
            ports.add(port.build());
        }
        return SnapshotFixtures.snapshot(ports);
    }

    /** The n-th address of 198.18.0.0/15 (131,072 addresses). */
    private static String testAddress(int n) {
        return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }
}
