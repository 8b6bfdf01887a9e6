package dev.junction.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Measured durations of one quantity, sorted, with nearest-rank percentiles: no interpolation, so every value printed
 * was actually observed.
 */
record Samples(List<Duration> values) {

    Samples {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("samples (expected: at least one measurement)");
        }
        values = values.stream().sorted().toList();
    }

    int count() {
        return values.size();
    }

    Duration min() {
        return values.getFirst();
    }

    Duration max() {
        return values.getLast();
    }

    Duration median() {
        return percentile(50);
    }

    /** The smallest value that at least {@code p} percent of the samples do not exceed. */
    Duration percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " (expected: 0 < p <= 100)");
        }
        int rank = (int) Math.ceil(p / 100 * values.size());
        return values.get(Math.max(rank, 1) - 1);
    }

    /** Milliseconds with one decimal, as every table prints them. */
    static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1e6);
    }

    /** {@code part / whole} as a percentage with one decimal. */
    static String percent(Duration part, Duration whole) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * part.toNanos() / whole.toNanos());
    }
}
