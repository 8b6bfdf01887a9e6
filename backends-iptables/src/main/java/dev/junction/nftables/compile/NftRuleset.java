package dev.junction.nftables.compile;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpFamily;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compiled table of one family: the fixed top level (hooked chains, dispatch chains, set and map declarations)
 * and, per compiled Service, the objects it owns. A partial compile holds only the selected Services.
 *
 * @param topChains      the rules of the base chains and of the fixed regular chains, in order
 * @param topElements    elements that depend on the node, not on Services ({@code nodeport-ips})
 * @param usesNodePortIps whether NodePorts are restricted to {@code nodeport-ips} (else open on every local address)
 */
public record NftRuleset(
        IpFamily family,
        List<NftChain> topChains,
        List<NftElement> topElements,
        boolean usesNodePortIps,
        Map<ObjectRef, ServiceObjects> services) {

    public NftRuleset {
        topChains = List.copyOf(topChains);
        topElements = List.copyOf(topElements);
        services = Collections.unmodifiableMap(new TreeMap<>(services)); // sorted: stable output
    }
}
