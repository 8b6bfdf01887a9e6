package dev.junction.core.config;

/**
 * How the userspace mode picks among a Service port's available endpoints when no ClientIP affinity applies
 * ({@code --userspace-balance}).
 */
public enum BalanceMode {
    ROUND_ROBIN("round-robin"),
    LEAST_CONNECTIONS("least-connections"),
    RANDOM("random");

    private final String cliName;

    BalanceMode(String cliName) {
        this.cliName = cliName;
    }

    public static BalanceMode parse(String text) {
        return EnumSpelling.parse(values(), text);
    }

    @Override
    public String toString() {
        return cliName;
    }
}
