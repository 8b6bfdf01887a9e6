package dev.junction.core.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects a source's events for a test, and waits for them with a timeout. */
final class EventQueue implements Consumer<WatchEvent> {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();

    @Override
    public void accept(WatchEvent event) {
        events.add(event);
    }

    /** The next event; fails after {@link #TIMEOUT}. */
    WatchEvent next() {
        try {
            WatchEvent event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event within %s", TIMEOUT).isNotNull();
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an event", e);
        }
    }

    /** The next {@code count} events. */
    List<WatchEvent> next(int count) {
        List<WatchEvent> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(next());
        }
        return batch;
    }

    /** The next three events, which must be one {@link WatchEvent.Replaced} per kind, as {@code ns/name} per kind. */
    Map<ResourceKind, List<String>> nextReplacedNames() {
        Map<ResourceKind, List<String>> names = new EnumMap<>(ResourceKind.class);
        for (WatchEvent event : next(ResourceKind.values().length)) {
            assertThat(event).isInstanceOf(WatchEvent.Replaced.class);
            names.put(event.kind(), ((WatchEvent.Replaced) event).objects().stream().map(EventQueue::name).toList());
        }
        assertThat(names).containsOnlyKeys(ResourceKind.values());
        return names;
    }

    /** Nothing arrives within {@code quiet}. */
    void assertNoneWithin(Duration quiet) {
        try {
            assertThat(events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)).as("no event").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    static String name(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null ? object.getMetadata().getName() : namespace + "/" + object.getMetadata().getName();
    }
}
