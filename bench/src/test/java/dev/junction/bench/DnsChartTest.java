package dev.junction.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DnsChartTest {

    record Case(String name, String line, DnsChart.Row expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a server's line gives its name, qps and p99",
                        "unbound,55493,1.466,0,20000,0.237,0.080,3.021,7.474,39929",
                        new DnsChart.Row("unbound", 55493, "3.021")),
                new Case("a fractional qps is kept", "junction,39138.5,2.085,0,20000,0.241,0.109,1.831,13.394,39999",
                        new DnsChart.Row("junction", 39138.5, "1.831")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parsesTheScriptsCsvLine(Case c) {
        assertThat(DnsChart.Row.parse(c.line())).isEqualTo(c.expected());
    }

    @Test
    void rejectsAShortLineNamingIt() {
        assertThatThrownBy(() -> DnsChart.Row.parse("junction,39138"))
                .hasMessageContaining("\"junction,39138\"").hasMessageContaining("expected at least 8 fields");
    }
}
