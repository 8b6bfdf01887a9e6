package dev.junction.iptables.leftovers;

import dev.junction.core.net.IpFamily;
import dev.junction.iptables.apply.Iptables;
import dev.junction.iptables.apply.IptablesException;
import dev.junction.iptables.compile.Table;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Removes what a mode left in the kernel's iptables tables, through the {@link Iptables} gateway. */
public final class Leftovers {

    private Leftovers() {
    }

    /**
     * Removes {@code chains} from every table and family, table by table.
     *
     * @return whether anything was found and removed
     * @throws IptablesException naming the table and family whose save or restore failed; tables before it are clean
     */
    public static boolean remove(Iptables iptables, Set<IpFamily> families, ModeChains chains)
            throws IptablesException {
        boolean removed = false;
        for (IpFamily family : families) {
            for (Map.Entry<Table, Predicate<String>> table : chains.owned().entrySet()) {
                String save = iptables.save(family, table.getKey().iptablesName());
                Optional<String> input = LeftoverRules.restoreInput(table.getKey(), save, table.getValue());
                if (input.isPresent()) {
                    iptables.restore(family, input.get());
                    removed = true;
                }
            }
        }
        return removed;
    }
}
