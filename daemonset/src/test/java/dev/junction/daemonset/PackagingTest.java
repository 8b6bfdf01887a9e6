package dev.junction.daemonset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;

/** What the runnable jar brings besides the command: its logging set-up and the machine's hostname. */
class PackagingTest {

    record LogLevel(String name, String setting, Level expected) {
    }

    static Stream<LogLevel> logLevels() {
        return Stream.of(
                new LogLevel("INFO without JUNCTION_LOG_LEVEL", null, Level.INFO),
                new LogLevel("JUNCTION_LOG_LEVEL=DEBUG", "DEBUG", Level.DEBUG),
                new LogLevel("JUNCTION_LOG_LEVEL=WARN", "WARN", Level.WARN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logLevels")
    void logbackTakesItsLevelFromJunctionLogLevel(LogLevel c) throws JoranException {
        assumeTrue(System.getenv("JUNCTION_LOG_LEVEL") == null, "JUNCTION_LOG_LEVEL is set in this environment");
        LoggerContext context = new LoggerContext();
        if (c.setting() != null) {
            context.putProperty("JUNCTION_LOG_LEVEL", c.setting());
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL logbackXml = Main.class.getResource("/logback.xml");
        configurator.doConfigure(logbackXml);

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(c.expected());
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNotNull();
        context.stop();
    }

    @Test
    void oneShotCommandsLogWarningsToStderr() throws JoranException {
        assumeTrue(System.getenv("JUNCTION_LOG_LEVEL") == null, "JUNCTION_LOG_LEVEL is set in this environment");
        LoggerContext context = new LoggerContext();
        context.putProperty("junction.log.target", "System.err");
        context.putProperty("junction.log.defaultLevel", "WARN");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Main.class.getResource("/logback.xml"));

        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(((ConsoleAppender<?>) root.getAppender("CONSOLE")).getTarget()).isEqualTo("System.err");
        context.stop();
    }

    @Test
    void theMachineHostnameIsKnown() {
        assertThat(MachineHostname.read()).isNotBlank().doesNotContain("\n");
    }
}
