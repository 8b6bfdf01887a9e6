package dev.junction.userspace.balance;

/** How a table picks among its available endpoints when no ClientIP affinity applies. */
public enum BalanceMode {
    ROUND_ROBIN,
    LEAST_CONNECTIONS,
    RANDOM
}
