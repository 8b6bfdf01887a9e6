package dev.junction.nftables.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.IpFamily;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TableMonitorTest {

    private final AtomicInteger fullSyncs = new AtomicInteger();

    @Test
    void aTableWithItsDispatchChainNeedsNothing() {
        check(Set.of("nat-prerouting", "services"));

        assertThat(fullSyncs).hasValue(0);
    }

    @Test
    void aMissingTableAsksForAFullSync() {
        check(Set.of());

        assertThat(fullSyncs).hasValue(1);
    }

    private void check(Set<String> chains) {
        Nft nft = new NftBackendTest.RecordingNft() {
            @Override
            public Set<String> chains(IpFamily family) {
                return chains;
            }
        };
        try (TableMonitor monitor = new TableMonitor(nft, Set.of(IpFamily.IPV4), fullSyncs::incrementAndGet)) {
            monitor.check();
        }
    }
}
