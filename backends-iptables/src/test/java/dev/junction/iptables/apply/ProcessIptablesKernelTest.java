package dev.junction.iptables.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.net.IpFamily;
import dev.junction.core.sandbox.Netns;
import dev.junction.core.sandbox.NetnsSandbox;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real iptables binaries, run inside a throwaway network namespace. */
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
}
