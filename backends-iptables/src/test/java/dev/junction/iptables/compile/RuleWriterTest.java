package dev.junction.iptables.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RuleWriterTest {

    static final Chain SEP = new Chain("KUBE-SEP-SXIVWICOYRO3J4NJ");

    record RuleCase(String name, Rule rule, String line) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RuleCase> rules() {
        return Stream.of(
                new RuleCase("a one-word comment stays bare",
                        Rule.on(SEP).comment("ns1/svc1:p80").source(IpAddress.parse("198.18.128.1"))
                                .jump(Chain.KUBE_MARK_MASQ),
                        "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 198.18.128.1"
                                + " -j KUBE-MARK-MASQ"),
                new RuleCase("a comment with spaces is quoted",
                        Rule.on(Chain.KUBE_SERVICES).comment("ns1/svc1:p80 cluster IP").protocol(Protocol.UDP)
                                .destination(IpAddress.parse("198.18.0.41")).destinationPort(53).jump(SEP),
                        "-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\" -m udp -p udp"
                                + " -d 198.18.0.41 --dport 53 -j KUBE-SEP-SXIVWICOYRO3J4NJ"),
                new RuleCase("IPv6 DNAT brackets the address",
                        Rule.on(SEP).protocol(Protocol.SCTP)
                                .to(new Target.Dnat(IpAddress.parse("fd00:198:18:1::1"), 9000)),
                        "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m sctp -p sctp"
                                + " -j DNAT --to-destination [fd00:198:18:1::1]:9000"),
                new RuleCase("ranges keep their prefix, even a host-sized one",
                        Rule.on(Chain.KUBE_SERVICES).localDestination().notDestination(Cidr.parse("::1/128"))
                                .jump(Chain.KUBE_NODEPORTS),
                        "-A KUBE-SERVICES -m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS"),
                new RuleCase("affinity check, probability and marks",
                        Rule.on(Chain.KUBE_SERVICES).match(new Match.RecentCheck(SEP, 10_800))
                                .match(new Match.RandomProbability("0.3333333333"))
                                .match(new Match.MarkSet(0x4000, true)).to(new Target.Masquerade(true)),
                        "-A KUBE-SERVICES -m recent --name KUBE-SEP-SXIVWICOYRO3J4NJ --rcheck --seconds 10800 --reap"
                                + " -m statistic --mode random --probability 0.3333333333"
                                + " -m mark ! --mark 0x4000/0x4000 -j MASQUERADE --random-fully"),
                new RuleCase("a rule without target only counts",
                        Rule.on(Chain.KUBE_SERVICES).comment("other traffic").to(Target.NONE),
                        "-A KUBE-SERVICES -m comment --comment \"other traffic\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rendersRuleLines(RuleCase c) {
        assertThat(RuleWriter.renderRule(c.rule())).isEqualTo(c.line());
    }

    @Test
    void countsRuleLinesPerTableButNotHeadersOrDeletions() {
        RuleWriter writer = new RuleWriter();
        writer.beginTable(Table.NAT).chainHeader(SEP).rule(Rule.on(SEP).to(Target.Verdict.RETURN))
                .rule(Rule.on(SEP).to(Target.Verdict.RETURN)).deleteChain(SEP).commit();
        writer.beginTable(Table.FILTER).rule(Rule.on(Chain.KUBE_FORWARD).to(Target.Verdict.ACCEPT)).commit();

        assertThat(writer.ruleLines(Table.NAT)).isEqualTo(2);
        assertThat(writer.ruleLines(Table.FILTER)).isEqualTo(1);
        assertThat(writer.ruleLines(Table.MANGLE)).isZero();
        assertThat(writer.text()).isEqualTo("""
                *nat
                :KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
                -A KUBE-SEP-SXIVWICOYRO3J4NJ -j RETURN
                -A KUBE-SEP-SXIVWICOYRO3J4NJ -j RETURN
                -X KUBE-SEP-SXIVWICOYRO3J4NJ
                COMMIT
                *filter
                -A KUBE-FORWARD -j ACCEPT
                COMMIT
                """);
    }

    @Test
    void refusesLinesOutsideATable() {
        assertThatThrownBy(() -> new RuleWriter().chainHeader(SEP)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a table");
    }

    @Test
    void refusesCommentsThatCouldBreakOutOfTheirQuotes() {
        assertThatThrownBy(() -> new Match.Comment("x\" -j ACCEPT \"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without quotes");
        assertThatThrownBy(() -> new Match.Comment("x\n-A INPUT -j ACCEPT"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesChainNamesIptablesWouldReject() {
        assertThatThrownBy(() -> new Chain("KUBE-SVC-THIS-NAME-IS-FAR-TOO-LONG"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-28 characters");
        assertThatThrownBy(() -> new Chain("KUBE SVC")).isInstanceOf(IllegalArgumentException.class);
    }
}
