package dev.junction.core.conntrack;

import static dev.junction.core.conntrack.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.conntrack.ConntrackFlow.Tuple;
import dev.junction.core.net.Protocol;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConntrackFlowTest {

    private static final Tuple V4 = new Tuple(ip("198.18.0.2"), 40_000, ip("198.18.100.1"), 53);
    private static final Tuple V6 = new Tuple(ip("fd00:198:18::2"), 40_000, ip("fd00:198:18:100::1"), 53);

    record Invalid(String name, Runnable construct, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalid() {
        return Stream.of(
                new Invalid("a source port above 65535", () -> new Tuple(ip("198.18.0.2"), 65_536, ip("198.18.0.3"), 1),
                        "conntrack tuple source port 65536 (expected: 0-65535)"),
                new Invalid("a negative destination port", () -> new Tuple(ip("198.18.0.2"), 1, ip("198.18.0.3"), -1),
                        "conntrack tuple destination port -1 (expected: 0-65535)"),
                new Invalid("a tuple mixing families", () -> new Tuple(ip("198.18.0.2"), 1, ip("fd00:198:18::3"), 1),
                        "destination family IPv6 (expected: IPv4)"),
                new Invalid("a reply of another family", () -> new ConntrackFlow(Protocol.UDP, V4, V6),
                        "reply tuple family IPv6 (expected: IPv4)"),
                new Invalid("no protocol", () -> new ConntrackFlow(null, V4, V4),
                        "protocol, original and reply tuples must be set"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejects(Invalid invalid) {
        assertThatThrownBy(invalid.construct()::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(invalid.message());
    }

    @Test
    void printsLikeConntrackToolsWithBracketsForIpv6() {
        assertThat(new ConntrackFlow(Protocol.UDP, V6, V6))
                .hasToString("udp [fd00:198:18::2]:40000->[fd00:198:18:100::1]:53"
                        + " reply [fd00:198:18::2]:40000->[fd00:198:18:100::1]:53");
    }
}
