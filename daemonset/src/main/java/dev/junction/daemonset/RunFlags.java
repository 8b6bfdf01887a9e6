package dev.junction.daemonset;

import dev.junction.core.config.InvalidConfigException;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Converts the flags given on the command line and hands them to a builder with the flag's name as their origin; a
 * flag that was not given (null) changes nothing. Conversion errors name the flag and its value.
 */
final class RunFlags {

    // The spellings Go's strconv.ParseBool accepts, as kube-proxy's boolean flags do.
    private static final Set<String> TRUE = Set.of("1", "t", "T", "true", "TRUE", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "false", "FALSE", "False");

    private RunFlags() {
    }

    static <T> void set(String flag, T value, BiConsumer<T, String> setter) {
        if (value != null) {
            setter.accept(value, flag);
        }
    }

    static <T> void set(String flag, String text, Function<String, T> parser, BiConsumer<T, String> setter)
            throws InvalidConfigException {
        if (text != null) {
            setter.accept(convert(flag, text, parser), flag);
        }
    }

    static <T> void setList(String flag, List<String> texts, Function<List<String>, T> parser,
                            BiConsumer<T, String> setter) throws InvalidConfigException {
        if (texts != null) {
            setter.accept(convert(flag, String.join(",", texts), text -> parser.apply(texts)), flag);
        }
    }

    static boolean parseBool(String text) {
        if (TRUE.contains(text)) {
            return true;
        }
        if (FALSE.contains(text)) {
            return false;
        }
        throw new IllegalArgumentException("(expected: true or false)");
    }

    static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("(expected: a 32-bit integer)", e);
        }
    }

    private static <T> T convert(String flag, String text, Function<String, T> parser) throws InvalidConfigException {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw InvalidConfigException.forValue(flag, text, e);
        }
    }
}
