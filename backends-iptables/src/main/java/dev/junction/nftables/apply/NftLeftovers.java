package dev.junction.nftables.apply;

import dev.junction.core.net.IpFamily;
import dev.junction.nftables.compile.NftTransaction;
import java.util.Set;

/** Removes the nftables mode's tables ({@code ip kube-proxy}, {@code ip6 kube-proxy}) when the node runs another mode. */
public final class NftLeftovers {

    private NftLeftovers() {
    }

    /**
     * @return whether a table was there and is now gone
     * @throws NftException naming the family whose listing or removal failed
     */
    public static boolean remove(Nft nft, Set<IpFamily> families) throws NftException {
        boolean removed = false;
        for (IpFamily family : families) {
            if (!nft.chains(family).isEmpty()) {
                nft.run(NftTransaction.tableRemoval(family).text());
                removed = true;
            }
        }
        return removed;
    }
}
