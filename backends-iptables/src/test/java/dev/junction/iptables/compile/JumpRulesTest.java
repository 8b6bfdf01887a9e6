package dev.junction.iptables.compile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JumpRulesTest {

    @Test
    void holdsKubeProxysJumpsIntoOurChains() {
        assertThat(JumpRules.all()).hasSize(14);
        assertThat(JumpRules.in(JumpRules.all(), Table.NAT, Chain.PREROUTING)).map(RuleWriter::renderRule)
                .containsExactly("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
        assertThat(JumpRules.in(JumpRules.all(), Table.NAT, Chain.POSTROUTING)).map(RuleWriter::renderRule)
                .containsExactly("-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\""
                        + " -j KUBE-POSTROUTING");
    }

    @Test
    void listsAChainsRulesInKernelOrderAfterPrepending() {
        // kube-proxy prepends each rule in turn, so the last one ensured ends up first in the chain.
        assertThat(JumpRules.in(JumpRules.all(), Table.FILTER, Chain.INPUT)).map(RuleWriter::renderRule).containsExactly(
                "-A INPUT -j KUBE-FIREWALL",
                "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes load balancer firewall\""
                        + " -j KUBE-PROXY-FIREWALL",
                "-A INPUT -m comment --comment \"kubernetes health check service ports\" -j KUBE-NODEPORTS",
                "-A INPUT -m conntrack --ctstate NEW -m comment --comment"
                        + " \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES");
    }
}
