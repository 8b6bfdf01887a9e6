package dev.junction.core.config;

import java.time.Duration;

/** A value and where it came from (a flag, a file field, or the default), for error messages. */
record Setting<T>(T value, String origin) {

    /** The setting, or the default value with the origin {@code default <field>}. */
    static <T> Setting<T> orDefault(Setting<T> setting, T defaultValue, String field) {
        return setting != null ? setting : new Setting<>(defaultValue, "default " + field);
    }

    static <T> T valueOr(Setting<T> setting, T defaultValue) {
        return setting != null ? setting.value() : defaultValue;
    }

    static Duration positive(Setting<Duration> setting) throws InvalidConfigException {
        if (setting.value().isNegative() || setting.value().isZero()) {
            throw setting.invalid("(expected: a duration greater than 0)");
        }
        return setting.value();
    }

    static Duration nonNegative(Setting<Duration> setting) throws InvalidConfigException {
        if (setting.value().isNegative()) {
            throw setting.invalid("(expected: a duration of 0 or more)");
        }
        return setting.value();
    }

    static int nonNegativeInt(Setting<Integer> setting) throws InvalidConfigException {
        if (setting.value() < 0) {
            throw setting.invalid("(expected: 0 or more)");
        }
        return setting.value();
    }

    static int positiveInt(Setting<Integer> setting) throws InvalidConfigException {
        if (setting.value() < 1) {
            throw setting.invalid("(expected: 1 or more)");
        }
        return setting.value();
    }

    InvalidConfigException invalid(String reason) {
        String text = value instanceof Duration d ? GoDuration.format(d) : String.valueOf(value);
        return InvalidConfigException.forValue(origin, text, reason);
    }
}
