package dev.junction.iptables.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream {@code TestComputeProbability}, plus the ties Go's {@code %0.10f} rounds to even. */
class ProbabilitiesTest {

    record ProbabilityCase(String name, int n, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ProbabilityCase> cases() {
        return Stream.of(
                new ProbabilityCase("certain", 1, "1.0000000000"),
                new ProbabilityCase("half", 2, "0.5000000000"),
                new ProbabilityCase("third rounds down", 3, "0.3333333333"),
                new ProbabilityCase("sixth rounds up", 6, "0.1666666667"),
                new ProbabilityCase("exact in ten decimals", 1_024, "0.0009765625"),
                new ProbabilityCase("an exact tie rounds to even, beyond the precomputed table", 2_048,
                        "0.0004882812"),
                new ProbabilityCase("large n", 100_000, "0.0000100000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsOneInNAsGoDoes(ProbabilityCase c) {
        assertThat(Probabilities.oneIn(c.n())).isEqualTo(c.expected());
    }
}
