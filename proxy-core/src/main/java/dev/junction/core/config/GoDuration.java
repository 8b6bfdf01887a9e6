package dev.junction.core.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Durations spelled as Go's {@code time.ParseDuration} and {@code Duration.String} spell them ({@code 1s},
 * {@code 500ms}, {@code 1m30s}, {@code 1h0m0s}, {@code 1.5h}), which is how kube-proxy's flags and
 * KubeProxyConfiguration files write them.
 */
public final class GoDuration {

    /** What every parse error says was expected. */
    static final String EXPECTED = "(expected: a duration like 1s, 500ms or 1h0m0s)";

    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign
            "\u03bcs", 1_000L, // Greek small letter mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /**
     * Parses a Go duration: an optional sign, then one or more decimal numbers each followed by a unit
     * ({@code ns us µs ms s m h}); {@code 0} alone needs no unit.
     *
     * @throws IllegalArgumentException whose message is {@link #EXPECTED} when {@code text} is not a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        int start = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        boolean negative = text.charAt(0) == '-';
        String body = text.substring(start);
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < body.length()) {
            int numberEnd = scan(body, i, GoDuration::isNumberChar);
            int unitEnd = scan(body, numberEnd, c -> !isNumberChar(c));
            nanos = nanos.add(term(body.substring(i, numberEnd), body.substring(numberEnd, unitEnd)));
            i = unitEnd;
        }
        try {
            long total = nanos.setScale(0, RoundingMode.DOWN).longValueExact(); // Go drops fractional nanos
            return Duration.ofNanos(negative ? -total : total);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("out of range " + EXPECTED, e);
        }
    }

    /** Formats as Go's {@code Duration.String}: {@code 0s}, {@code 500ms}, {@code 1m30s}, {@code 1h0m0s}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (duration.isZero()) {
            return "0s";
        }
        long nanos = duration.toNanos();
        if (nanos < 1_000L) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000L) {
            return decimal(nanos, 1_000L) + "\u00b5s";
        }
        if (nanos < 1_000_000_000L) {
            return decimal(nanos, 1_000_000L) + "ms";
        }
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        String seconds = decimal(nanos % 60_000_000_000L, 1_000_000_000L) + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    private static BigDecimal term(String number, String unit) {
        Long perUnit = NANOS_PER_UNIT.get(unit);
        if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')
                || perUnit == null) {
            throw new IllegalArgumentException(EXPECTED);
        }
        return new BigDecimal(number).multiply(BigDecimal.valueOf(perUnit));
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }

    private static boolean isNumberChar(int c) {
        return (c >= '0' && c <= '9') || c == '.';
    }

    private static int scan(String text, int from, IntPredicate accept) {
        int i = from;
        while (i < text.length() && accept.test(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
