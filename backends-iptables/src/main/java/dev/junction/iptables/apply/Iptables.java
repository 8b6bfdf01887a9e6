package dev.junction.iptables.apply;

import dev.junction.core.net.IpFamily;
import java.util.List;

/**
 * The gateway to the host's iptables binaries: the only way Junction changes iptables rules. The real one runs
 * processes ({@link ProcessIptables}); unit tests use an in-memory one.
 *
 * <p>Tables and chains are plain names here ({@code nat}, {@code KUBE-SERVICES}); the compiler owns their meaning.
 */
public interface Iptables {

    IptablesFlavor flavor();

    /**
     * Feeds {@code input} to {@code iptables-restore --noflush --counters}: tables it names are changed atomically,
     * chains it declares are flushed and refilled, other chains are left alone. On failure nothing changed.
     */
    void restore(IpFamily family, String input) throws IptablesException;

    /** {@code iptables-save -t table}. */
    String save(IpFamily family, String table) throws IptablesException;

    /** Creates {@code chain} in {@code table} unless it exists. */
    void ensureChain(IpFamily family, String table, String chain) throws IptablesException;

    /** Inserts {@code rule} (arguments after the chain name) at the top of {@code chain} unless it is already there. */
    void ensureRuleFirst(IpFamily family, String table, String chain, List<String> rule) throws IptablesException;

    /** Whether {@code chain} exists in {@code table}: the canary check. */
    boolean chainExists(IpFamily family, String table, String chain);
}
