package dev.junction.iptables.compile;

import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static dev.junction.iptables.compile.SnapshotFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.net.IpFamily;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesetRendererTest {

    static final Ruleset RULESET = new IptablesCompiler().compile(
            snapshot(servicePort("ns1", "svc1", "p80").clusterIp("198.18.0.41").endpoint("198.18.128.1", 80).build()),
            IpFamily.IPV4, CompilerOptions.builder().build());

    @Test
    void flushesAndDeletesStaleChainsAfterTheNatRules() {
        Chain stale = new Chain("KUBE-SVC-AAAAAAAAAAAAAAAA");

        String text = new RulesetRenderer().render(RULESET, Set.of(stale)).text();

        String nat = text.substring(text.indexOf("*nat"), text.indexOf("*mangle"));
        assertThat(nat).contains(":KUBE-SVC-AAAAAAAAAAAAAAAA - [0:0]\n");
        assertThat(nat).endsWith("-X KUBE-SVC-AAAAAAAAAAAAAAAA\nCOMMIT\n");
    }

    @Test
    void neverDeletesAChainThatIsNotOurs() {
        assertThatThrownBy(() -> new RulesetRenderer().render(RULESET, Set.of(new Chain("DOCKER-USER"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCKER-USER");
    }

    @Test
    void countsTheRulesItWrote() {
        RulesetRenderer.Rendered rendered = new RulesetRenderer().render(RULESET);

        for (Table table : Table.values()) {
            assertThat(rendered.ruleLines(table)).as("%s", table).isEqualTo(RULESET.ruleCount(table));
        }
        long ruleLines = rendered.text().lines().filter(l -> l.startsWith("-A ")).count();
        assertThat(rendered.ruleLines(Table.FILTER) + rendered.ruleLines(Table.NAT)).isEqualTo(ruleLines);
    }
}
