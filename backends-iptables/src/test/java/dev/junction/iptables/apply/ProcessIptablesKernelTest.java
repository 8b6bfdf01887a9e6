package dev.junction.iptables.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpFamily;
import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.IptablesCompiler;
import dev.junction.iptables.compile.JumpRules;
import dev.junction.iptables.compile.KubeProxyScenarios;
import dev.junction.iptables.compile.RulesetRenderer;
import dev.junction.iptables.leftovers.Leftovers;
import dev.junction.iptables.leftovers.ModeChains;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real iptables binaries, run inside a throwaway network namespace; and a mode's leftovers removed with them. */
class ProcessIptablesKernelTest {

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

    private ProcessIptables iptables(IptablesFlavor flavor) {
        return new ProcessIptables(flavor, Duration.ofSeconds(30), List.of("ip", "netns", "exec", node.name()));
    }

    @ParameterizedTest
    @EnumSource(IptablesFlavor.class)
    void restoreCreatesChainsAndRulesThatSaveShows(IptablesFlavor flavor) throws Exception {
        ProcessIptables iptables = iptables(flavor);

        iptables.restore(IpFamily.IPV4, """
                *nat
                :KUBE-SERVICES - [0:0]
                -A KUBE-SERVICES -d 198.18.0.10/32 -p tcp -m tcp --dport 80 -j RETURN
                COMMIT
                """);

        assertThat(iptables.save(IpFamily.IPV4, "nat"))
                .contains(":KUBE-SERVICES - [0:0]")
                .contains("-A KUBE-SERVICES -d 198.18.0.10/32 -p tcp -m tcp --dport 80 -j RETURN");
        assertThat(iptables.chainExists(IpFamily.IPV4, "nat", "KUBE-SERVICES")).isTrue();
        assertThat(iptables.chainExists(IpFamily.IPV4, "nat", "KUBE-NOT-THERE")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(IptablesFlavor.class)
    void failedRestoreNamesTheLineAndChangesNothing(IptablesFlavor flavor) throws Exception {
        ProcessIptables iptables = iptables(flavor);
        iptables.restore(IpFamily.IPV4, "*nat\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -j RETURN\nCOMMIT\n");

        String bad = """
                *nat
                :KUBE-SERVICES - [0:0]
                -A KUBE-SERVICES -d 198.18.0.11/32 -j RETURN
                -A KUBE-SERVICES -d 198.18.0.300/32 -j RETURN
                COMMIT
                """;

        assertThatThrownBy(() -> iptables.restore(IpFamily.IPV4, bad))
                .isInstanceOfSatisfying(IptablesException.class, e -> {
                    assertThat(e.exitCode()).isNotZero();
                    assertThat(e.context()).contains("> 4: -A KUBE-SERVICES -d 198.18.0.300/32 -j RETURN");
                    assertThat(e.getMessage()).contains("restore");
                });
        assertThat(iptables.save(IpFamily.IPV4, "nat"))
                .contains("-A KUBE-SERVICES -j RETURN")
                .doesNotContain("198.18.0.11");
    }

    @ParameterizedTest
    @EnumSource(IptablesFlavor.class)
    void ensureChainAndRuleAreIdempotent(IptablesFlavor flavor) throws Exception {
        ProcessIptables iptables = iptables(flavor);
        List<String> jump = List.of("-m", "comment", "--comment", "kubernetes service portals", "-j", "KUBE-SERVICES");

        for (int i = 0; i < 2; i++) {
            iptables.ensureChain(IpFamily.IPV4, "nat", "KUBE-SERVICES");
            iptables.ensureRuleFirst(IpFamily.IPV4, "nat", "OUTPUT", jump);
        }

        String save = iptables.save(IpFamily.IPV4, "nat");
        assertThat(save.lines().filter(l -> l.startsWith("-A OUTPUT")))
                .containsExactly("-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
    }

    @ParameterizedTest
    @EnumSource(IptablesFlavor.class)
    void theIptablesModesLeftoversGoAndEverythingElseStays(IptablesFlavor flavor) throws Exception {
        ProcessIptables iptables = iptables(flavor);
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
