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

    private String find(Level level, String... fragments) {
        List<ILoggingEvent> lines;
        synchronized (appender) { // AppenderBase.doAppend appends while holding the appender's lock
            lines = List.copyOf(appender.list);
        }
        return lines.stream().filter(line -> line.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .filter(message -> List.of(fragments).stream().allMatch(message::contains)).findFirst().orElse(null);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
