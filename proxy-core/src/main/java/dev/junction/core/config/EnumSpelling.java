package dev.junction.core.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Reads the configuration's enums from the spelling flags and files use, which each enum gives as its toString(). */
final class EnumSpelling {

    private EnumSpelling() {
    }

    /** @throws IllegalArgumentException listing every spelling, for the flag's or field's error message */
    static <E extends Enum<E>> E parse(E[] values, String text) {
        for (E value : values) {
            if (value.toString().equals(text)) {
                return value;
            }
        }
        String spellings = Arrays.stream(values).map(Object::toString).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("(expected: one of " + spellings + ")");
    }
}
