package dev.junction.iptables.leftovers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpFamily;
import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import dev.junction.iptables.apply.IptablesFlavor;
import dev.junction.iptables.apply.JumpRuleInstaller;
import dev.junction.iptables.apply.ProcessIptables;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.IptablesCompiler;
import dev.junction.iptables.compile.JumpRules;
import dev.junction.iptables.compile.KubeProxyScenarios;
import dev.junction.iptables.compile.RulesetRenderer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A node's iptables mode rules, removed for real in a throwaway network namespace; other rules stay. */
class LeftoversKernelTest {

    private NetnsSandbox sandbox;
    private Netns node;

    @BeforeEach
    void createNamespace() {
        String reason = NetnsSandbox.unsupportedReason("iptables-legacy-restore", "iptables-nft-restore");
        assumeTrue(reason == null, reason);
        sandbox = NetnsSandbox.create();
        node = sandbox.namespace("node");
    }

    @AfterEach
    void deleteNamespace() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @ParameterizedTest
    @EnumSource(IptablesFlavor.class)
    void theIptablesModesRulesGoAndEverythingElseStays(IptablesFlavor flavor) throws Exception {
        ProcessIptables iptables = ProcessIptables.inNetworkNamespace(flavor, Duration.ofSeconds(30), node.name());
        CompilerOptions options = CompilerOptions.builder().clusterCidrs(List.of(Cidr.parse("198.18.128.0/17")))
                .build();
        iptables.restore(IpFamily.IPV4, new RulesetRenderer().render(
                new IptablesCompiler().compile(KubeProxyScenarios.overall(), IpFamily.IPV4, options)).text());
        JumpRuleInstaller.ensure(iptables, Set.of(IpFamily.IPV4), JumpRules.all());
        iptables.restore(IpFamily.IPV4, "*nat\n:OTHER - [0:0]\n-A PREROUTING -j OTHER\nCOMMIT\n");

        assertThat(Leftovers.remove(iptables, Set.of(IpFamily.IPV4), ModeChains.IPTABLES)).isTrue();

        String nat = iptables.save(IpFamily.IPV4, "nat");
        String filter = iptables.save(IpFamily.IPV4, "filter");
        assertThat(nat).doesNotContain("KUBE-SERVICES", "KUBE-SVC-", "KUBE-SEP-", "KUBE-NODEPORTS",
                "KUBE-POSTROUTING").contains(":KUBE-MARK-MASQ", ":OTHER", "-A PREROUTING -j OTHER");
        assertThat(filter).doesNotContain("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD",
                "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL").contains(":KUBE-FIREWALL");
        assertThat(Leftovers.remove(iptables, Set.of(IpFamily.IPV4), ModeChains.IPTABLES))
                .as("a second cleanup finds nothing").isFalse();
    }
}
