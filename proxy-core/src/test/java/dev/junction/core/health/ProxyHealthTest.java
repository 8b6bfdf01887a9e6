package dev.junction.core.health;

import static dev.junction.core.net.IpFamily.IPV4;
import static dev.junction.core.net.IpFamily.IPV6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.net.IpFamily;
import dev.junction.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProxyHealthTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    record Case(String name, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    sealed interface Step {
        void apply(ProxyHealth health, ManualClock clock);
    }

    record Updated(IpFamily family) implements Step {
        @Override
        public void apply(ProxyHealth health, ManualClock clock) {
            health.updated(family);
        }
    }

    record Queued(IpFamily family) implements Step {
        @Override
        public void apply(ProxyHealth health, ManualClock clock) {
            health.queuedUpdate(family);
        }
    }

    record Advance(Duration by) implements Step {
        @Override
        public void apply(ProxyHealth health, ManualClock clock) {
            clock.advance(by);
        }
    }

    /** The overall verdict, each judged family's verdict, and the newest sync as seconds after T0 (-1: never). */
    record Expect(boolean healthy, Map<IpFamily, Boolean> families, double lastUpdatedSeconds) implements Step {
        @Override
        public void apply(ProxyHealth health, ManualClock clock) {
            HealthReport report = health.report();
            assertThat(report.healthy()).as("healthy").isEqualTo(healthy);
            assertThat(health.isHealthy()).as("isHealthy").isEqualTo(healthy);
            assertThat(report.status().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().healthy())))
                    .as("per family").isEqualTo(families);
            assertThat(report.lastUpdated()).as("lastUpdated").isEqualTo(lastUpdatedSeconds < 0
                    ? HealthReport.NEVER : T0.plusMillis((long) (lastUpdatedSeconds * 1000)));
            assertThat(report.currentTime()).as("currentTime").isEqualTo(clock.instant());
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("healthy before any family has synced", List.of(
                        expect(true, Map.of(), -1))),
                new Case("a queued update of a family that never synced is not judged", List.of(
                        new Queued(IPV4), advance(100),
                        expect(true, Map.of(), -1))),
                new Case("healthy while nothing is queued, however old the last sync", List.of(
                        new Updated(IPV4), advance(25),
                        expect(true, Map.of(IPV4, true), 0))),
                new Case("healthy while a queued update has waited less than the timeout", List.of(
                        new Updated(IPV4), new Queued(IPV4), advance(9.999),
                        expect(true, Map.of(IPV4, true), 0))),
                new Case("unhealthy once a queued update has waited the timeout", List.of(
                        new Updated(IPV4), new Queued(IPV4), advance(10),
                        expect(false, Map.of(IPV4, false), 0))),
                new Case("only the oldest queued update counts", List.of(
                        new Updated(IPV4), new Queued(IPV4), advance(6), new Queued(IPV4), advance(6),
                        expect(false, Map.of(IPV4, false), 0))),
                new Case("an update clears the queue", List.of(
                        new Updated(IPV4), new Queued(IPV4), advance(25),
                        expect(false, Map.of(IPV4, false), 0),
                        new Updated(IPV4), advance(5),
                        expect(true, Map.of(IPV4, true), 25))),
                new Case("one late family makes the proxy unhealthy until that family syncs", List.of(
                        new Updated(IPV4), new Updated(IPV6), new Queued(IPV6), advance(25),
                        expect(false, Map.of(IPV4, true, IPV6, false), 0),
                        new Updated(IPV4),
                        expect(false, Map.of(IPV4, true, IPV6, false), 25),
                        advance(1), new Updated(IPV6),
                        expect(true, Map.of(IPV4, true, IPV6, true), 26))),
                new Case("both families late, healthy only after both synced", List.of(
                        new Updated(IPV4), new Updated(IPV6), new Queued(IPV4), new Queued(IPV6), advance(25),
                        expect(false, Map.of(IPV4, false, IPV6, false), 0),
                        new Updated(IPV4),
                        expect(false, Map.of(IPV4, true, IPV6, false), 25),
                        new Updated(IPV6),
                        expect(true, Map.of(IPV4, true, IPV6, true), 25))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void judges(Case c) {
        ManualClock clock = new ManualClock(T0);
        ProxyHealth health = new ProxyHealth(clock, TIMEOUT);
        c.steps().forEach(step -> step.apply(health, clock));
    }

    @Test
    void rejectsANonPositiveTimeout() {
        assertThatThrownBy(() -> new ProxyHealth(new ManualClock(T0), Duration.ZERO))
                .hasMessage("healthTimeout PT0S (expected: positive)");
    }

    private static Step advance(double seconds) {
        return new Advance(Duration.ofMillis((long) (seconds * 1000)));
    }

    private static Step expect(boolean healthy, Map<IpFamily, Boolean> families, double lastUpdatedSeconds) {
        return new Expect(healthy, families, lastUpdatedSeconds);
    }
}
