package dev.junction.nftables.trace;

import dev.junction.iptables.trace.Trace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened to a packet traced through the nftables rules.
 *
 * @param chances    every endpoint ({@code ip:port}) the packet may be DNATed to, with its chance, in trace order
 * @param verdict    {@code DROP} or {@code REJECT} when a rule ended the packet there
 * @param decidedIn  the chain whose rule (or map element) dropped or rejected the packet; "" otherwise
 * @param masquerade the packet leaves masqueraded (with the first endpoint as its destination)
 * @param matched    every rule that matched, in order, as {@code chain: rule}
 */
public record NftTrace(Map<String, Double> chances, Optional<String> verdict, String decidedIn, boolean masquerade,
        List<String> matched) {

    public NftTrace {
        chances = Collections.unmodifiableMap(new LinkedHashMap<>(chances));
        matched = List.copyOf(matched);
    }

    /** The packet's fate, named as the iptables tracer names it. */
    public Trace.Verdict outcome() {
        if (verdict.isPresent()) {
            return Trace.Verdict.valueOf(verdict.get());
        }
        return chances.isEmpty() ? Trace.Verdict.NO_MATCH : Trace.Verdict.ACCEPT;
    }
}
