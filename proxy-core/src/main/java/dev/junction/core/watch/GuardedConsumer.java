package dev.junction.core.watch;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sources' view of their consumer: a consumer that throws is logged at ERROR and the source carries on with the
 * next event, so that one bad event never stops a source's delivery thread.
 */
record GuardedConsumer(Consumer<WatchEvent> consumer) implements Consumer<WatchEvent> {

    private static final Logger log = LoggerFactory.getLogger(GuardedConsumer.class);

    @Override
    public void accept(WatchEvent event) {
        try {
            consumer.accept(event);
        } catch (RuntimeException e) {
            log.error("event consumer failed kind={} event={}", event.kind().kind(),
                    event.getClass().getSimpleName(), e);
        }
    }
}
