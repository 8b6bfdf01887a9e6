package dev.junction.iptables.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FlavorChoiceTest {

    record Case(String name, String legacySave, String nftSave, IptablesFlavor expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String kubeletHint = "*mangle\n:KUBE-IPTABLES-HINT - [0:0]\nCOMMIT\n";
        String twoRules = "*filter\n-A INPUT -j ACCEPT\n-A OUTPUT -j ACCEPT\nCOMMIT\n";
        String oneRule = "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n";
        return Stream.of(
                new Case("an empty node uses nf_tables", "", "", IptablesFlavor.NFT),
                new Case("kubelet's hint chain in nft wins over more legacy rules", twoRules, kubeletHint,
                        IptablesFlavor.NFT),
                new Case("kubelet's hint chain in legacy wins over more nft rules", kubeletHint, twoRules,
                        IptablesFlavor.LEGACY),
                new Case("kubelet's canary chain counts as a hint",
                        "*mangle\n:KUBE-KUBELET-CANARY - [0:0]\nCOMMIT\n", oneRule, IptablesFlavor.LEGACY),
                new Case("more legacy rules choose legacy", twoRules, oneRule, IptablesFlavor.LEGACY),
                new Case("a tie chooses nf_tables", oneRule, oneRule, IptablesFlavor.NFT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesTheFlavorTheNodeUses(Case c) {
        assertThat(FlavorChoice.choose(c.legacySave(), c.nftSave())).isEqualTo(c.expected());
    }
}
