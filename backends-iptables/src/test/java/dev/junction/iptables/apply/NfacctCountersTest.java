package dev.junction.iptables.apply;

import static dev.junction.iptables.compile.SnapshotFixtures.NODE;
import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.metrics.MetricsServer;
import dev.junction.core.net.IpFamily;
import dev.junction.core.netlink.NetlinkException;
import dev.junction.core.nfacct.Nfacct;
import dev.junction.core.snapshot.ClusterSnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kube-proxy's nfacct counters against an in-memory nfnetlink_acct: the metrics, and the rules counting into them. */
class NfacctCountersTest {

    private final InMemoryNfacct kernel = new InMemoryNfacct();
    private final PrometheusMeterRegistry registry = MetricsServer.newRegistry();

    @Test
    void createsBothCountersAndExportsThemUnderKubeProxysNamesReadAtScrapeTime() {
        NfacctCounters counters = NfacctCounters.install(kernel, registry);
        kernel.packets.put("ct_state_invalid_dropped_pkts", 3L);
        kernel.packets.put("localhost_nps_accepted_pkts", 5L);

        assertThat(counters.exist()).isTrue();
        assertThat(registry.scrape()).contains("\nkubeproxy_iptables_ct_state_invalid_dropped_packets_total 3.0\n",
                "\nkubeproxy_iptables_localhost_nodeports_accepted_packets_total 5.0\n");

        kernel.packets.put("localhost_nps_accepted_pkts", 8L);
        assertThat(registry.scrape()).contains("\nkubeproxy_iptables_localhost_nodeports_accepted_packets_total 8.0\n");
    }

    @Test
    void aFailedReadAnswersTheLastValueAndTheScrapeGoesOn() {
        NfacctCounters.install(kernel, registry);
        kernel.packets.put("ct_state_invalid_dropped_pkts", 3L);
        assertThat(registry.scrape()).contains("kubeproxy_iptables_ct_state_invalid_dropped_packets_total 3.0");

        kernel.packets.remove("ct_state_invalid_dropped_pkts");

        assertThat(registry.scrape())
                .contains("\nkubeproxy_iptables_ct_state_invalid_dropped_packets_total 3.0\n");
    }

    @Test
    void aCounterDeletedBehindTheAgentsBackIsCreatedAgainBeforeTheNextSync() throws SyncFailedException {
        NfacctCounters counters = NfacctCounters.install(kernel, registry);
        kernel.packets.clear();

        fullSyncWith(counters);

        assertThat(kernel.packets).containsOnlyKeys("ct_state_invalid_dropped_pkts", "localhost_nps_accepted_pkts");
    }

    @Test
    void aKernelWithoutNfacctGetsNoCountersNoMetricsAndRulesWithoutTheMatch() throws SyncFailedException {
        kernel.refuseWith = "nfacct create ct_state_invalid_dropped_pkts: the kernel answered errno 93"
                + " (EPROTONOSUPPORT)";

        NfacctCounters counters = NfacctCounters.install(kernel, registry);

        assertThat(counters).isSameAs(NfacctCounters.NONE);
        assertThat(registry.scrape()).doesNotContain("kubeproxy_iptables_");
        assertThat(fullSyncWith(counters)).doesNotContain("nfacct");
    }

    @Test
    void rulesCountIntoTheCountersThatExist() throws SyncFailedException {
        String restored = fullSyncWith(NfacctCounters.install(kernel, registry));

        assertThat(restored).contains(
                "-m tcp -p tcp -d 127.0.0.0/8 --dport 30080 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j ");
    }

    private String fullSyncWith(NfacctCounters counters) throws SyncFailedException {
        FakeIptables iptables = new FakeIptables();
        IptablesSettings settings = new IptablesSettings(Set.of(IpFamily.IPV4), List.of(), false, false, 14, true,
                NodePortAddresses.all(), Optional.empty());
        ClusterSnapshot snapshot = new ClusterSnapshot(NODE, Optional.empty(), List.of(
                servicePort("ns1", "web", "http").clusterIp("198.18.0.10").port(80).nodePort(30080)
                        .endpoint("198.18.128.1", 8080).build()), 1);
        try (IptablesBackend backend = new IptablesBackend(iptables, settings, registry, AfterSync.NOTHING, () -> { },
                counters)) {
            backend.sync(new SyncRequest(snapshot, Optional.empty(), SyncScope.FULL));
        }
        return iptables.lastRestore(IpFamily.IPV4).input();
    }

    /** Objects by name with their packet counts; {@code refuseWith} makes creation fail as on an old kernel. */
    private static final class InMemoryNfacct implements Nfacct {
        final Map<String, Long> packets = new HashMap<>();
        String refuseWith;

        @Override
        public void ensure(String name) {
            if (refuseWith != null) {
                throw new NetlinkException(refuseWith);
            }
            packets.putIfAbsent(name, 0L);
        }

        @Override
        public long packets(String name) {
            Long count = packets.get(name);
            if (count == null) {
                throw new NetlinkException("nfacct: the kernel answered errno 2 (ENOENT) (expected: the object "
                        + name + ")");
            }
            return count;
        }
    }
}
