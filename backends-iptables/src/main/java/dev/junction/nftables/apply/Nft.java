package dev.junction.nftables.apply;

import dev.junction.core.net.IpFamily;
import java.util.Set;

/**
 * The gateway to the host's {@code nft}: the only way Junction changes nftables. The real one runs processes
 * ({@link ProcessNft}); unit tests use an in-memory one.
 */
public interface Nft {

    /** Runs {@code script} as one transaction ({@code nft -f -}): all of it, or on failure nothing. */
    void run(String script) throws NftException;

    /** The chains of our table in {@code family}; empty when the table does not exist. */
    Set<String> chains(IpFamily family) throws NftException;

    /** The sets (not maps) of our table in {@code family}; empty when the table does not exist. */
    Set<String> sets(IpFamily family) throws NftException;
}
