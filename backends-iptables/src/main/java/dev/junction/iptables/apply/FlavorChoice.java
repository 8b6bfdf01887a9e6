package dev.junction.iptables.apply;

import java.util.regex.Pattern;

/**
 * Chooses the iptables flavor the way kube-proxy's image does (the iptables-wrapper script): a node whose kubelet
 * left its hint chain in one flavor uses that flavor; otherwise the flavor holding more rules wins, and nf_tables
 * when both are empty.
 */
final class FlavorChoice {

    private static final Pattern HINT_CHAIN = Pattern.compile("(?m)^:(KUBE-IPTABLES-HINT|KUBE-KUBELET-CANARY) ");
    private static final Pattern RULE = Pattern.compile("(?m)^-A ");

    private FlavorChoice() {
    }

    /** Decides from the output of {@code iptables-legacy-save} and {@code iptables-nft-save} (either may be ""). */
    static IptablesFlavor choose(String legacySave, String nftSave) {
        if (HINT_CHAIN.matcher(nftSave).find()) {
            return IptablesFlavor.NFT;
        }
        if (HINT_CHAIN.matcher(legacySave).find()) {
            return IptablesFlavor.LEGACY;
        }
        return count(legacySave) > count(nftSave) ? IptablesFlavor.LEGACY : IptablesFlavor.NFT;
    }

    private static long count(String save) {
        return RULE.matcher(save).results().count();
    }
}
