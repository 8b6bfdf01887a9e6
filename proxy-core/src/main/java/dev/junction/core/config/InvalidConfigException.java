package dev.junction.core.config;

/**
 * A flag or config file value Junction cannot use. The message is one line that names where the value came from,
 * the value and what was expected, for example {@code --cluster-cidr "10.0.0.0/33": prefix length 33 (expected:
 * 0-32 for IPv4)} or {@code config.yaml: iptables.minSyncPeriod: "fast" (expected: a duration like 1s, ...)}.
 */
public final class InvalidConfigException extends Exception {

    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Builds the message {@code <origin> "<value>": <reason>}, or {@code <origin> "<value>" (expected: ...)} when the
     * reason is only the expectation.
     *
     * @param origin where the value came from: a flag such as {@code --cluster-cidr}, or a file and field such as
     *               {@code config.yaml: iptables.syncPeriod:}
     */
    public static InvalidConfigException forValue(String origin, String value, String reason) {
        String separator = reason.startsWith("(") ? " " : ": ";
        return new InvalidConfigException(origin + " " + quote(value) + separator + reason);
    }

    /** As {@link #forValue(String, String, String)} with the reason taken from a parser's exception. */
    public static InvalidConfigException forValue(String origin, String value, IllegalArgumentException reason) {
        InvalidConfigException e = forValue(origin, value, reason.getMessage());
        e.initCause(reason);
        return e;
    }

    /** Quotes a value for a one-line message: backslashes, quotes and control characters are escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
