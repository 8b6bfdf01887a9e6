package dev.junction.core.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Lets one log line per key through per interval and counts the ones it held back, so that a failure repeating every
 * second (a watch that keeps failing, an unreadable file) logs every interval with a count instead of flooding.
 *
 * <p>Thread-safe. Keys are bounded by the caller (a kind, a path), never an unbounded set such as object names.
 */
final class LogRateLimiter {

    private final Clock clock;
    private final Duration interval;
    private final Map<String, Window> windows = new HashMap<>();

    LogRateLimiter(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Asks to log a line for {@code key}.
     *
     * @return empty when the line should be dropped; otherwise how many lines for this key were dropped since the
     *     last one let through
     */
    synchronized OptionalLong admit(String key) {
        Instant now = clock.instant();
        Window window = windows.get(key);
        if (window != null && now.isBefore(window.openedAt().plus(interval))) {
            windows.put(key, new Window(window.openedAt(), window.dropped() + 1));
            return OptionalLong.empty();
        }
        windows.put(key, new Window(now, 0));
        return OptionalLong.of(window == null ? 0 : window.dropped());
    }

    private record Window(Instant openedAt, long dropped) {
    }
}
