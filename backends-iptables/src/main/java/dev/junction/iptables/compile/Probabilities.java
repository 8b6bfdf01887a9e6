package dev.junction.iptables.compile;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The {@code --probability} values 1/n with ten decimals, as Go's {@code %0.10f} prints them (the exact binary value,
 * rounded half to even). The common ones are computed once, as kube-proxy's {@code precomputedProbabilities}.
 */
final class Probabilities {

    private static final int PRECOMPUTED = 1_024;
    private static final String[] ONE_IN = new String[PRECOMPUTED + 1];

    static {
        for (int n = 1; n <= PRECOMPUTED; n++) {
            ONE_IN[n] = compute(n);
        }
    }

    private Probabilities() {
    }

    /** 1/n, for n >= 1. */
    static String oneIn(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("probability 1/" + n + " (expected: n >= 1)");
        }
        return n <= PRECOMPUTED ? ONE_IN[n] : compute(n);
    }

    private static String compute(int n) {
        return new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
    }
}
