package dev.junction.core.store;

import dev.junction.core.metrics.ProxyMeters;
import dev.junction.core.model.FieldProblem;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.watch.ResourceKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every invalid object or dropped field in {@code junction.invalid.objects{kind}} and logs it at WARN, at most
 * once per {@link #LOG_INTERVAL} per object, so that a flapping object cannot flood the log. Not thread-safe:
 * {@link ObjectStore} guards it.
 */
final class InvalidObjectReporter {

    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    private final Clock clock;
    private final Map<ResourceKind, Counter> counters = new EnumMap<>(ResourceKind.class);
    private final Map<String, Instant> lastLogged = new HashMap<>();

    InvalidObjectReporter(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        for (ResourceKind kind : ResourceKind.values()) {
            counters.put(kind, ProxyMeters.INVALID_OBJECTS.counter(registry, kind.kind()));
        }
    }

    /** Reports an object skipped as a whole. */
    void rejected(ResourceKind kind, FieldProblem problem) {
        counters.get(kind).increment();
        if (shouldLog(problem)) {
            LOG.warn("{} skipped kind={} field={} value={} expected={}", problem.ref(), problem.kind(),
                    problem.field(), problem.value(), problem.expected());
        }
    }

    /** Reports one entry dropped from an object that is still served. */
    void dropped(ResourceKind kind, FieldProblem problem) {
        counters.get(kind).increment();
        if (shouldLog(problem)) {
            LOG.warn("{} entry ignored kind={} field={} value={} expected={}", problem.ref(), problem.kind(),
                    problem.field(), problem.value(), problem.expected());
        }
    }

    /** Forgets an object's rate-limit state once it is gone. */
    void forget(ResourceKind kind, ObjectRef ref) {
        lastLogged.remove(kind.kind() + " " + ref);
    }

    private boolean shouldLog(FieldProblem problem) {
        String key = problem.kind() + " " + problem.ref();
        Instant now = clock.instant();
        Instant last = lastLogged.get(key);
        if (last != null && now.isBefore(last.plus(LOG_INTERVAL))) {
            return false;
        }
        lastLogged.put(key, now);
        return true;
    }
}
