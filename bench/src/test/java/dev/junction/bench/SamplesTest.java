package dev.junction.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SamplesTest {

    record Case(String name, List<Integer> millis, double percentile, int expectedMillis) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Integer> hundred = IntStream.rangeClosed(1, 100).boxed().toList();
        return Stream.of(
                new Case("the median of an odd count is the middle value", List.of(30, 10, 20), 50, 20),
                new Case("the median of an even count is the lower middle value", List.of(40, 10, 30, 20), 50, 20),
                new Case("p99 of 1..100 ms is 99 ms", hundred, 99, 99),
                new Case("p100 is the maximum", hundred, 100, 100),
                new Case("a tiny percentile is the minimum", List.of(5, 7, 9), 0.1, 5),
                new Case("p99 of ten values is the largest", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 1000), 99, 1000));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void percentileIsAnObservedValueByNearestRank(Case c) {
        Samples samples = new Samples(c.millis().stream().map(Duration::ofMillis).toList());

        assertThat(samples.percentile(c.percentile())).isEqualTo(Duration.ofMillis(c.expectedMillis()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void minAndMaxBoundEveryPercentile(Case c) {
        Samples samples = new Samples(c.millis().stream().map(Duration::ofMillis).toList());

        assertThat(samples.percentile(c.percentile())).isBetween(samples.min(), samples.max());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectsPercentilesOutsideTheRange(Case c) {
        Samples samples = new Samples(c.millis().stream().map(Duration::ofMillis).toList());

        assertThatThrownBy(() -> samples.percentile(0)).hasMessageContaining("expected: 0 < p <= 100");
        assertThatThrownBy(() -> samples.percentile(101)).hasMessageContaining("expected: 0 < p <= 100");
    }
}
