package dev.junction.iptables.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.IpFamily;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanaryMonitorTest {

    record Case(String name, Set<String> flushedTables, int fullSyncsRequested) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("every canary in place: nothing to do", Set.of(), 0),
                new Case("mangle flushed: a full sync", Set.of("mangle"), 1),
                new Case("nat flushed: a full sync", Set.of("nat"), 1),
                new Case("everything flushed: one full sync per check", Set.of("mangle", "nat", "filter"), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void asksForAFullSyncWhenACanaryIsGone(Case c) throws IptablesException {
        FakeIptables iptables = new FakeIptables();
        AtomicInteger fullSyncs = new AtomicInteger();
        try (CanaryMonitor monitor = new CanaryMonitor(iptables, Set.of(IpFamily.IPV4, IpFamily.IPV6),
                fullSyncs::incrementAndGet)) {
            monitor.plant();
            c.flushedTables().forEach(table -> iptables.deleteChain(IpFamily.IPV6, table, CanaryMonitor.CANARY_CHAIN));

            monitor.check();

            assertThat(fullSyncs).hasValue(c.fullSyncsRequested());
            assertThat(monitor.isIntact()).isEqualTo(c.flushedTables().isEmpty());
        }
    }
}
