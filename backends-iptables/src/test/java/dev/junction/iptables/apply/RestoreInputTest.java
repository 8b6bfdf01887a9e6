package dev.junction.iptables.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestoreInputTest {

    private static final String INPUT = String.join("\n",
            "*nat", ":A - [0:0]", "-A A -j RETURN", "-A A -j BAD", "-A A -j RETURN", "-A A -j RETURN",
            "-A A -j RETURN", "-A A -j RETURN", "COMMIT", "");

    @Test
    void showsTheBlamedLineWithThreeLinesOfContextEachSide() {
        String context = RestoreInput.contextOfFailure(INPUT, "iptables-restore v1.8.9 (legacy): line 4 failed\n");

        assertThat(context).isEqualTo("""
                  1: *nat
                  2: :A - [0:0]
                  3: -A A -j RETURN
                > 4: -A A -j BAD
                  5: -A A -j RETURN
                  6: -A A -j RETURN
                  7: -A A -j RETURN
                """);
    }

    @Test
    void understandsTheParserErrorFormat() {
        String context = RestoreInput.contextOfFailure(INPUT,
                "iptables-restore v1.8.9 (legacy): host/network `x' not found\nError occurred at line: 9\n");

        assertThat(context).startsWith("  6: ").contains("> 9: COMMIT");
    }

    @Test
    void isEmptyWhenStderrNamesNoLine() {
        assertThat(RestoreInput.contextOfFailure(INPUT, "Another app is currently holding the xtables lock"))
                .isEmpty();
    }
}
