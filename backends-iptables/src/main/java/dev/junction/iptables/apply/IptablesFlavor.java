package dev.junction.iptables.apply;

import dev.junction.core.net.IpFamily;

/**
 * Which kernel API the host's iptables binaries drive. Junction must use the same one as the rest of the node
 * (kubelet, CNI plugins), or the two rule sets would live side by side and confuse everyone.
 */
public enum IptablesFlavor {
    /** The classic xtables kernel API: fast restores at any scale. */
    LEGACY("legacy"),
    /** iptables rules translated to nf_tables: restores grow quadratically with the rule count. */
    NFT("nft");

    private final String suffix;

    IptablesFlavor(String suffix) {
        this.suffix = suffix;
    }

    /** {@code iptables-legacy-restore}, {@code ip6tables-nft-save}, ...: the binary for a family and a tool. */
    public String binary(IpFamily family, Tool tool) {
        String base = family == IpFamily.IPV4 ? "iptables" : "ip6tables";
        return base + "-" + suffix + tool.suffix;
    }

    /** The three binaries of a flavor. */
    public enum Tool {
        IPTABLES(""),
        RESTORE("-restore"),
        SAVE("-save");

        private final String suffix;

        Tool(String suffix) {
            this.suffix = suffix;
        }
    }
}
