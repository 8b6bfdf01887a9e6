package dev.junction.iptables.apply;

import dev.junction.iptables.compile.Chain;
import dev.junction.iptables.compile.ChainNames;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads {@code iptables-save} output for the chains Junction owns per Service, to find stale ones. */
final class SavedChains {

    private SavedChains() {
    }

    /** The KUBE-SVC/SVL/EXT/FW/SEP chains declared in one table's save output. */
    static Set<Chain> ourServiceChains(String save) {
        return save.lines()
                .filter(line -> line.startsWith(":"))
                .map(line -> line.substring(1, line.indexOf(' ') > 0 ? line.indexOf(' ') : line.length()))
                .filter(ChainNames::isOurServiceChain)
                .map(Chain::new)
                .collect(Collectors.toUnmodifiableSet());
    }
}
