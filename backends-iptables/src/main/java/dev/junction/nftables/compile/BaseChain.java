package dev.junction.nftables.compile;

/**
 * Our chains attached to netfilter hooks, each named {@code type-hook}. The filter chains run before DNAT, so they see
 * Service addresses; priorities are numbers because nft 1.0 accepts {@code dstnat} by name only on some hooks
 * (dstnat is -100, srcnat 100).
 */
public enum BaseChain {
    FILTER_PREROUTING("filter-prerouting", "filter", "prerouting", -110),
    FILTER_INPUT("filter-input", "filter", "input", -110),
    FILTER_FORWARD("filter-forward", "filter", "forward", -110),
    FILTER_OUTPUT("filter-output", "filter", "output", -110),
    /** After DNAT: what still goes to a ClusterIP here was not a Service port. */
    FILTER_OUTPUT_POST_DNAT("filter-output-post-dnat", "filter", "output", -90),
    NAT_PREROUTING("nat-prerouting", "nat", "prerouting", -100),
    NAT_OUTPUT("nat-output", "nat", "output", -100),
    NAT_POSTROUTING("nat-postrouting", "nat", "postrouting", 100);

    private final String chainName;
    private final String type;
    private final String hook;
    private final int priority;

    BaseChain(String chainName, String type, String hook, int priority) {
        this.chainName = chainName;
        this.type = type;
        this.hook = hook;
        this.priority = priority;
    }

    public String chainName() {
        return chainName;
    }

    /** The declaration inside {@code { }} of {@code add chain}. */
    String declaration() {
        return "type " + type + " hook " + hook + " priority " + priority + " ;";
    }
}
