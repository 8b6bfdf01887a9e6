package dev.junction.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoDurationTest {

    record Valid(String name, String text, Duration expected) {
    }

    static Stream<Valid> validDurations() {
        return Stream.of(
                new Valid("seconds", "1s", Duration.ofSeconds(1)),
                new Valid("milliseconds", "500ms", Duration.ofMillis(500)),
                new Valid("minutes and seconds", "1m30s", Duration.ofSeconds(90)),
                new Valid("Go's own rendering of an hour", "1h0m0s", Duration.ofHours(1)),
                new Valid("a fraction of an hour", "1.5h", Duration.ofMinutes(90)),
                new Valid("a leading dot", ".5s", Duration.ofMillis(500)),
                new Valid("microseconds with us", "250us", Duration.ofNanos(250_000)),
                new Valid("microseconds with the micro sign", "250\u00b5s", Duration.ofNanos(250_000)),
                new Valid("nanoseconds", "7ns", Duration.ofNanos(7)),
                new Valid("a bare zero", "0", Duration.ZERO),
                new Valid("zero with a unit", "0s", Duration.ZERO),
                new Valid("an explicit plus sign", "+2m", Duration.ofMinutes(2)),
                new Valid("a negative duration", "-3s", Duration.ofSeconds(-3)),
                new Valid("fractional nanoseconds are dropped as in Go", "1.9ns", Duration.ofNanos(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDurations")
    void parsesGoDurations(Valid c) {
        assertThat(GoDuration.parse(c.text())).isEqualTo(c.expected());
    }

    record Invalid(String name, String text) {
    }

    static Stream<Invalid> invalidDurations() {
        return Stream.of(
                new Invalid("empty", ""),
                new Invalid("a word", "fast"),
                new Invalid("a number without a unit", "30"),
                new Invalid("an unknown unit", "3d"),
                new Invalid("a unit without a number", "s"),
                new Invalid("a sign alone", "-"),
                new Invalid("two dots", "1.2.3s"),
                new Invalid("a sign in the middle", "1h-1m"),
                new Invalid("white space", "1 s"),
                new Invalid("more than Java can hold", "9999999999h"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDurations")
    void rejectsWhatGoRejects(Invalid c) {
        assertThatIllegalArgumentException().isThrownBy(() -> GoDuration.parse(c.text()))
                .withMessageContaining("(expected: a duration like 1s, 500ms or 1h0m0s)");
    }

    record Formatted(String name, Duration duration, String expected) {
    }

    static Stream<Formatted> formats() {
        return Stream.of(
                new Formatted("zero", Duration.ZERO, "0s"),
                new Formatted("nanoseconds", Duration.ofNanos(12), "12ns"),
                new Formatted("microseconds", Duration.ofNanos(1_500), "1.5\u00b5s"),
                new Formatted("milliseconds", Duration.ofMillis(500), "500ms"),
                new Formatted("seconds", Duration.ofSeconds(30), "30s"),
                new Formatted("fractional seconds", Duration.ofMillis(1_500), "1.5s"),
                new Formatted("minutes", Duration.ofSeconds(90), "1m30s"),
                new Formatted("hours keep zero minutes and seconds", Duration.ofHours(24), "24h0m0s"),
                new Formatted("negative", Duration.ofSeconds(-3), "-3s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void formatsAsGoDoesAndParsesBack(Formatted c) {
        assertThat(GoDuration.format(c.duration())).isEqualTo(c.expected());
        assertThat(GoDuration.parse(c.expected())).isEqualTo(c.duration());
    }
}
