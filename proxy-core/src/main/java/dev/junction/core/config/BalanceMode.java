package dev.junction.core.config;

import java.util.Locale;

/**
 * How the userspace mode picks among a Service port's available endpoints when no ClientIP affinity applies
 * ({@code --userspace-balance}).
 */
public enum BalanceMode {
    ROUND_ROBIN,
    LEAST_CONNECTIONS,
    RANDOM;

    public static BalanceMode parse(String text) {
        return EnumSpelling.parse(values(), text);
    }

    /** The spelling of {@code --userspace-balance}: the name in lower case, words joined by '-'. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
