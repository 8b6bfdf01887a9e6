package dev.junction.iptables.leftovers;

import dev.junction.iptables.compile.Chain;
import dev.junction.iptables.compile.ChainNames;
import dev.junction.iptables.compile.Table;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The iptables chains one proxy mode owns, by table: what is flushed and deleted, with every rule that jumps to them,
 * when the node runs another mode. Chains shared with kubelet ({@code KUBE-MARK-MASQ}, {@code KUBE-FIREWALL}) and the
 * canaries are never owned, as in kube-proxy's {@code CleanupLeftovers}.
 *
 * @param owned per table, whether a chain of that name belongs to the mode
 */
public record ModeChains(Map<Table, Predicate<String>> owned) {

    /** The iptables mode's chains: kube-proxy's top-level chains and every per-Service chain. */
    public static final ModeChains IPTABLES = new ModeChains(Map.of(
            Table.NAT, named(Chain.KUBE_SERVICES, Chain.KUBE_NODEPORTS, Chain.KUBE_POSTROUTING)
                    .or(ChainNames::isOurServiceChain),
            Table.FILTER, named(Chain.KUBE_SERVICES, Chain.KUBE_EXTERNAL_SERVICES, Chain.KUBE_FORWARD,
                    Chain.KUBE_NODEPORTS, Chain.KUBE_PROXY_FIREWALL)));

    public ModeChains {
        owned = Map.copyOf(owned);
    }

    /** Owns exactly the chains listed. */
    public static Predicate<String> named(Chain... chains) {
        Set<String> names = Arrays.stream(chains).map(Chain::name).collect(Collectors.toUnmodifiableSet());
        return names::contains;
    }
}
