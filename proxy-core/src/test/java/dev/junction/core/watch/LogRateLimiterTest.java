package dev.junction.core.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LogRateLimiterTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private final LogRateLimiter limiter = new LogRateLimiter(clock, Duration.ofSeconds(30));

    @Test
    void letsOneLinePerIntervalThroughAndCountsTheRest() {
        assertThat(limiter.admit("Service")).isEqualTo(OptionalLong.of(0));
        assertThat(limiter.admit("Service")).isEmpty();
        now = now.plusSeconds(29);
        assertThat(limiter.admit("Service")).isEmpty();

        now = now.plusSeconds(1);

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
