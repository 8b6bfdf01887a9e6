package dev.junction.nftables.compile;

import java.util.List;

/** One regular chain of ours with its rules in order, as {@code add rule} takes them (after the chain name). */
public record NftChain(String name, List<String> rules) {

    public NftChain {
        rules = List.copyOf(rules);
    }
}
