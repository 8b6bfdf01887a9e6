package dev.junction.userspace.tcp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TcpProxySettingsTest {

    record Case(String name, Duration connectTimeout, int maxAttempts, Duration idleTimeout, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var second = Duration.ofSeconds(1);
        return Stream.of(
                new Case("a zero connect timeout", Duration.ZERO, 3, second, "connectTimeout PT0S (expected: 1ms-24d)"),
                new Case("no attempt at all", second, 0, second, "maxAttempts 0 (expected: >= 1)"),
                new Case("a negative idle timeout", second, 3, Duration.ofSeconds(-1),
                        "idleTimeout PT-1S (expected: > 0)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsNonsense(Case c) {
        assertThatThrownBy(() -> new TcpProxySettings(c.connectTimeout(), c.maxAttempts(), c.idleTimeout()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(c.message());
    }
}
