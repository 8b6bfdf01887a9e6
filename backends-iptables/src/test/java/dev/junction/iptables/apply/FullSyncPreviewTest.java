package dev.junction.iptables.apply;

import static dev.junction.iptables.compile.SnapshotFixtures.NODE;
import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.iptables.compile.RulesetRenderer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The offline preview says exactly what the backend restores on a full sync, from fixed node facts. */
class FullSyncPreviewTest {

    static final ServicePort V4 = servicePort("ns1", "web", "http").clusterIp("198.18.0.10").port(80)
            .nodePort(30080).endpoint("198.18.128.1", 8080).build();
    static final ServicePort V6 = servicePort("ns1", "web6", "http").clusterIp("fd00:198:18::10").port(80)
            .endpoint("fd00:198:18:1::1", 8080).build();
    static final List<IpAddress> NODE_ADDRESSES = List.of(IpAddress.parse("198.18.100.1"),
            IpAddress.parse("198.18.101.1"), IpAddress.parse("fd00:198:18:100::1"));

    static IptablesSettings settings(Set<IpFamily> families, NodePortAddresses nodePorts) {
        return new IptablesSettings(families, List.of(Cidr.parse("198.18.128.0/17")), false, false, 14, true,
                nodePorts,
                Optional.empty());
    }

    @Test
    void familiesAreIpv4PlusIpv6WhenTheSnapshotHasIpv6Ports() {
        assertThat(FullSyncPreview.familiesOf(snapshot(V4))).containsExactly(IpFamily.IPV4);
        assertThat(FullSyncPreview.familiesOf(snapshot(V6))).containsExactly(IpFamily.IPV4, IpFamily.IPV6);
    }

    @Test
    void eachFamilyFollowsItsHeaderLineInFamilyOrder() throws SyncFailedException {
        ClusterSnapshot snapshot = snapshot(V4, V6);
        FullSyncPreview preview = new FullSyncPreview(settings(Set.of(IpFamily.IPV6, IpFamily.IPV4),
                NodePortAddresses.all()), NodeFacts.fixed(NODE_ADDRESSES, false));

        String text = preview.restoreInput(snapshot);

        RulesetRenderer renderer = new RulesetRenderer();
        assertThat(text).isEqualTo("# IPv4\n" + renderer.render(preview.compile(snapshot, IpFamily.IPV4)).text()
                + "# IPv6\n" + renderer.render(preview.compile(snapshot, IpFamily.IPV6)).text());
        assertThat(text.substring(text.indexOf("# IPv6"))).contains("fd00:198:18::10").doesNotContain("198.18.0.10");
    }

    @Test
    void nodePortCidrsSelectFromTheGivenAddressesNotThisMachines() throws SyncFailedException {
        FullSyncPreview preview = new FullSyncPreview(settings(Set.of(IpFamily.IPV4),
                NodePortAddresses.parse(List.of("198.18.101.0/24"))), NodeFacts.fixed(NODE_ADDRESSES, false));

        String text = preview.restoreInput(snapshot(V4));

        assertThat(text).contains("-d 198.18.101.1 -j KUBE-NODEPORTS").doesNotContain("-d 198.18.100.1 -j")
                .doesNotContain("--dst-type LOCAL -j KUBE-NODEPORTS");
    }

    @Test
    void thePreviewIsWhatTheBackendRestoresOnAFullSync() throws SyncFailedException {
        ClusterSnapshot snapshot = snapshot(V4);
        IptablesSettings settings = settings(Set.of(IpFamily.IPV4), NodePortAddresses.all());
        FakeIptables iptables = new FakeIptables();
        try (IptablesBackend backend = new IptablesBackend(iptables, settings, new SimpleMeterRegistry(),
                AfterSync.NOTHING, () -> { }, NfacctCounters.NONE)) {
            backend.sync(new SyncRequest(snapshot, Optional.empty(),
                    SyncScope.FULL));
        }
        FullSyncPreview preview = new FullSyncPreview(settings,
                NodeFacts.fixed(List.of(), HostNodeFacts.INSTANCE.isTcpBeLiberal()));

        assertThat(preview.restoreInput(snapshot)).isEqualTo("# IPv4\n" + iptables.lastRestore(IpFamily.IPV4).input());
    }

    private static ClusterSnapshot snapshot(ServicePort... ports) {
        return new ClusterSnapshot(NODE, Optional.empty(), List.of(ports), 1);
    }
}
