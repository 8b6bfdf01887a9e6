package dev.junction.userspace.balance;

import dev.junction.core.config.BalanceMode;

/**
 * How tables balance: the mode used without affinity, and the Maglev table size used with ClientIP affinity.
 *
 * @param maglevSize a prime; {@link MaglevTable#DEFAULT_SIZE} unless a test wants a small table
 */
public record TableSettings(BalanceMode mode, int maglevSize) {

    public static final TableSettings DEFAULT = new TableSettings(BalanceMode.ROUND_ROBIN, MaglevTable.DEFAULT_SIZE);

    public static TableSettings of(BalanceMode mode) {
        return new TableSettings(mode, MaglevTable.DEFAULT_SIZE);
    }
}
