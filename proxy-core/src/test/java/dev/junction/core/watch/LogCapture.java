package dev.junction.core.watch;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures one class's log lines for the duration of a test. */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture(Class<?> type) {
        logger = (Logger) LoggerFactory.getLogger(type);
        appender.start();
        logger.addAppender(appender);
    }

    /** Waits until a line at {@code level} contains every one of {@code fragments}; returns it. */
    String awaitLine(Level level, String... fragments) {
        return await().atMost(EventQueue.TIMEOUT).until(() -> find(level, fragments), line -> line != null);
    }

    /** Every line so far, as {@code LEVEL message}. */
    List<String> lines() {
        return captured().stream().map(line -> line.getLevel() + " " + line.getFormattedMessage()).toList();
    }

    private String find(Level level, String... fragments) {
        return captured().stream().filter(line -> line.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .filter(message -> List.of(fragments).stream().allMatch(message::contains)).findFirst().orElse(null);
    }

    private List<ILoggingEvent> captured() {
        synchronized (appender) { // AppenderBase.doAppend appends while holding the appender's lock
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
