package dev.junction.core.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LogRateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LogRateLimiter limiter = new LogRateLimiter(clock, Duration.ofSeconds(30));

    @Test
    void letsOneLinePerIntervalThroughAndCountsTheRest() {
        assertThat(limiter.admit("Service")).isEqualTo(OptionalLong.of(0));
        assertThat(limiter.admit("Service")).isEmpty();
        clock.advance(Duration.ofSeconds(29));
        assertThat(limiter.admit("Service")).isEmpty();

        clock.advance(Duration.ofSeconds(1));

        assertThat(limiter.admit("Service")).isEqualTo(OptionalLong.of(2));
        assertThat(limiter.admit("Service")).isEmpty();
    }

    @Test
    void keysAreLimitedIndependently() {
        assertThat(limiter.admit("Service")).isPresent();

        assertThat(limiter.admit("Node")).isEqualTo(OptionalLong.of(0));
        assertThat(limiter.admit("Service")).isEmpty();
    }
}
