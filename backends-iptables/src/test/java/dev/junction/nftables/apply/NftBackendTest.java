package dev.junction.nftables.apply;

import static dev.junction.iptables.compile.SnapshotFixtures.NODE;
import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncOutcome;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.testing.ManualClock;
import dev.junction.iptables.apply.AfterSync;
import dev.junction.iptables.apply.CompilerOptionsSource;
import dev.junction.iptables.apply.IptablesSettings;
import dev.junction.iptables.apply.NodeFacts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The nftables backend against an in-memory nft: which transactions each sync runs, and when it widens to full. */
class NftBackendTest {

    static final ServicePort WEB = servicePort("ns1", "web", "http").clusterIp("198.18.0.10").port(80)
            .endpoint("198.18.128.1", 8080).build();
    static final ServicePort WEB_MOVED = servicePort("ns1", "web", "http").clusterIp("198.18.0.10").port(80)
            .endpoint("198.18.128.9", 8080).build();
    static final ServicePort DB = servicePort("ns1", "db", "sql").clusterIp("198.18.0.20").port(5432)
            .endpoint("198.18.128.2", 5432).build();

    final RecordingNft nft = new RecordingNft();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T00:00:00Z"));
    final NftBackend backend = new NftBackend(nft, Set.of(IpFamily.IPV4),
            new CompilerOptionsSource(new IptablesSettings(Set.of(IpFamily.IPV4), List.of(), false, false, 14, true,
                    NodePortAddresses.all(), Optional.empty()), NodeFacts.fixed(List.of(), false)),
            registry, AfterSync.NOTHING, clock, () -> { });

    @Test
    void aFullSyncRewritesTheTableAndAPartialOneOnlyTheChangedService() throws SyncFailedException {
        ClusterSnapshot first = snapshot(1, WEB, DB);
        ClusterSnapshot moved = snapshot(2, WEB_MOVED, DB);

        SyncOutcome full = backend.sync(new SyncRequest(first, Optional.empty(), SyncScope.FULL));
        SyncOutcome partial = backend.sync(new SyncRequest(moved, Optional.of(first), SyncScope.PARTIAL));

        assertThat(full).isEqualTo(new SyncOutcome(SyncScope.FULL, 2));
        assertThat(partial).isEqualTo(new SyncOutcome(SyncScope.PARTIAL, 1));
        assertThat(nft.scripts.get(0)).startsWith("add table ip kube-proxy").contains("ns1/db/tcp/sql");
        assertThat(nft.scripts.get(1)).contains("dnat to 198.18.128.9:8080").doesNotContain("ns1/db")
                .doesNotContain("flush table");
    }

    @Test
    void aFailedTransactionIsCountedAndTheNextSyncIsFull() throws SyncFailedException {
        ClusterSnapshot first = snapshot(1, WEB);
        ClusterSnapshot moved = snapshot(2, WEB_MOVED);
        backend.sync(new SyncRequest(first, Optional.empty(), SyncScope.FULL));
        nft.failNext = true;

        assertThatThrownBy(() -> backend.sync(new SyncRequest(moved, Optional.of(first), SyncScope.PARTIAL)))
                .isInstanceOf(NftException.class);
        SyncOutcome retry = backend.sync(new SyncRequest(moved, Optional.of(first), SyncScope.PARTIAL));

        assertThat(retry.scope()).as("options were forgotten, so the retry widens to full").isEqualTo(SyncScope.FULL);
        assertThat(registry.get("kubeproxy.sync.proxy.rules.nftables.sync.failures").counter().count()).isEqualTo(1);
    }

    @Test
    void changedServiceCidrsWidenTheSyncToFullAndAnInnerCidrIsLeftToItsOuterOne() throws SyncFailedException {
        ClusterSnapshot first = snapshot(1, WEB);
        ClusterSnapshot allocated = new ClusterSnapshot(NODE, Optional.empty(), List.of(WEB),
                List.of(Cidr.parse("198.18.0.0/17"), Cidr.parse("198.18.0.0/24"), Cidr.parse("fd00:198:18::/112")), 2);
        backend.sync(new SyncRequest(first, Optional.empty(), SyncScope.FULL));

        SyncOutcome widened = backend.sync(new SyncRequest(allocated, Optional.of(first), SyncScope.PARTIAL));

        assertThat(widened.scope()).isEqualTo(SyncScope.FULL);
        assertThat(nft.scripts.getLast().lines().filter(line -> line.startsWith("add rule ip kube-proxy cluster-ips")))
                .containsExactly(
                        "add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject"
                                + " comment \"Reject traffic to invalid ports of ClusterIPs\"",
                        "add rule ip kube-proxy cluster-ips-check ip daddr { 198.18.0.0/17 } drop"
                                + " comment \"Drop traffic to unallocated ClusterIPs\"");
    }

    @Test
    void chainsOfARemovedServiceAreFlushedAtOnceAndDeletedASecondLater() throws SyncFailedException {
        ClusterSnapshot both = snapshot(1, WEB, DB);
        ClusterSnapshot webOnly = snapshot(2, WEB);
        ClusterSnapshot webMoved = snapshot(3, WEB_MOVED);
        backend.sync(new SyncRequest(both, Optional.empty(), SyncScope.FULL));

        backend.sync(new SyncRequest(webOnly, Optional.of(both), SyncScope.PARTIAL));
        assertThat(nft.scripts.getLast()).contains("flush chain ip kube-proxy service-")
                .doesNotContain("delete chain");
        clock.advance(Duration.ofMillis(1500));
        backend.sync(new SyncRequest(webMoved, Optional.of(webOnly), SyncScope.PARTIAL));

        String deletion = nft.scripts.get(nft.scripts.size() - 2);
        assertThat(deletion.lines()).singleElement().asString().startsWith("delete chain ip kube-proxy service-")
                .endsWith("-ns1/db/tcp/sql");
    }

    private static ClusterSnapshot snapshot(long generation, ServicePort... ports) {
        return new ClusterSnapshot(NODE, Optional.empty(), List.of(ports), generation);
    }

    /** Records every transaction; lists no leftovers. */
    static class RecordingNft implements Nft {
        final List<String> scripts = new ArrayList<>();
        boolean failNext;

        @Override
        public void run(String script) throws NftException {
            if (failNext) {
                failNext = false;
                throw new NftException(List.of("nft", "-f", "-"), 1, "Error: Could not process rule", "");
            }
            scripts.add(script);
        }

        @Override
        public Set<String> chains(IpFamily family) {
            return new TreeSet<>();
        }

        @Override
        public Set<String> sets(IpFamily family) {
            return new TreeSet<>();
        }
    }
}
