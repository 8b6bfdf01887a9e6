package dev.junction.userspace.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PassiveHealthTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    /** One reported outcome or a check, at a time in seconds. */
    sealed interface Step {
        long atSeconds();
    }

    record Fail(long atSeconds, PassiveHealth.Transition expected) implements Step {
    }

    record Succeed(long atSeconds) implements Step {
    }

    record Check(long atSeconds, boolean available) implements Step {
    }

    record Case(String name, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var none = PassiveHealth.Transition.NONE;
        var ejected = PassiveHealth.Transition.EJECTED;
        return Stream.of(
                new Case("fewer failures than the threshold keep the endpoint", List.of(
                        new Fail(0, none), new Fail(1, none), new Check(2, true))),
                new Case("the third failure in a row ejects it", List.of(
                        new Fail(0, none), new Fail(1, none), new Fail(2, ejected), new Check(2, false))),
                new Case("a success in between resets the count", List.of(
                        new Fail(0, none), new Fail(1, none), new Succeed(2), new Fail(3, none), new Fail(4, none),
                        new Check(4, true))),
                new Case("it stays ejected until the cooldown ends, then is re-admitted", List.of(
                        new Fail(0, none), new Fail(0, none), new Fail(0, ejected), new Check(9, false),
                        new Check(10, true))),
                new Case("failures of connections begun before the ejection do not extend it", List.of(
                        new Fail(0, none), new Fail(0, none), new Fail(0, ejected), new Fail(5, none),
                        new Check(10, true))),
                new Case("a re-admitted endpoint starts with a clean record", List.of(
                        new Fail(0, none), new Fail(0, none), new Fail(0, ejected), new Check(10, true),
                        new Fail(11, none), new Fail(12, none), new Check(12, true), new Fail(13, ejected),
                        new Check(22, false), new Check(23, true))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsTheSteps(Case c) {
        var health = new PassiveHealth(new HealthPolicy(3, Duration.ofSeconds(10)));

        for (Step step : c.steps()) {
            long now = step.atSeconds() * SECOND;
            switch (step) {
                case Fail fail -> assertThat(health.recordFailure(now)).as("%s", step).isEqualTo(fail.expected());
                case Succeed succeed -> health.recordSuccess();
                case Check check -> assertThat(health.isAvailable(now)).as("%s", step).isEqualTo(check.available());
            }
        }
    }
}
