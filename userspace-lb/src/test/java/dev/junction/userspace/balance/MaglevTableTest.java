package dev.junction.userspace.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MaglevTableTest {

    private static final int KEYS = 20_000;

    private static List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(i -> "198.18.1." + i + ":8080").toList();
    }

    /** IPv4 client addresses 198.19.x.y. */
    private static byte[] key(int i) {
        return ByteBuffer.allocate(4).putInt(0xC6130000 + i).array();
    }

    /** The owner's name for every key. */
    private static List<String> owners(List<String> names, int size) {
        var table = new MaglevTable(names, size);
        return IntStream.range(0, KEYS).mapToObj(i -> names.get(table.lookup(key(i)))).toList();
    }

    record Case(String name, int endpoints, int size) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("3 endpoints, the default table", 3, MaglevTable.DEFAULT_SIZE),
                new Case("10 endpoints, the default table", 10, MaglevTable.DEFAULT_SIZE),
                new Case("50 endpoints, the default table", 50, MaglevTable.DEFAULT_SIZE),
                new Case("7 endpoints, a small table", 7, 1_021));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void removingOneEndpointMovesOnlyItsOwnKeysAndAboutOneNth(Case c) {
        var names = names(c.endpoints());
        var before = owners(names, c.size());
        var removed = names.get(c.endpoints() / 2);
        var remaining = new ArrayList<>(names);
        remaining.remove(removed);

        var after = owners(remaining, c.size());

        int moved = 0;
        int movedWithoutNeed = 0;
        for (int i = 0; i < KEYS; i++) {
            if (!before.get(i).equals(after.get(i))) {
                moved++;
                movedWithoutNeed += before.get(i).equals(removed) ? 0 : 1;
            }
        }
        double share = 1.0 / c.endpoints();
        assertThat((double) moved / KEYS).isBetween(share * 0.7, share * 1.3 + 0.01);
        // Maglev is not perfectly minimal: the paper reports a little extra churn; keep it a small fraction.
        assertThat((double) movedWithoutNeed / KEYS).isLessThan(share * 0.25 + 0.01);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void spreadsKeysEvenly(Case c) {
        var counts = owners(names(c.endpoints()), c.size()).stream()
                .collect(Collectors.groupingBy(name -> name, Collectors.counting()));

        double expected = (double) KEYS / c.endpoints();
        assertThat(counts).hasSize(c.endpoints());
        assertThat(counts.values()).allSatisfy(count -> assertThat((double) count).isBetween(
                expected * 0.8, expected * 1.2));
    }

    @Test
    void ownersDependOnNamesNotOnTheirOrder() {
        var names = names(6);
        var reversed = new ArrayList<>(names);
        Collections.reverse(reversed);

        assertThat(owners(reversed, 1_021)).isEqualTo(owners(names, 1_021));
    }

    @Test
    void rejectsATableSizeThatIsNotALargeEnoughPrime() {
        assertThatThrownBy(() -> new MaglevTable(names(3), 1_000))
                .hasMessage("Maglev table size 1000 (expected: a prime larger than 3)");
        assertThatThrownBy(() -> new MaglevTable(names(3), 3))
                .hasMessage("Maglev table size 3 (expected: a prime larger than 3)");
        assertThatThrownBy(() -> new MaglevTable(List.of(), 251))
                .hasMessage("Maglev backends 0 (expected: 1-65535)");
    }
}
