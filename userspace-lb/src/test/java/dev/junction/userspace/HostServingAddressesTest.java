package dev.junction.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.DetectLocalMode;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.config.ProxyConfigBuilder;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.userspace.serve.ServingAddresses;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where NodePorts listen and who counts as the cluster, from the configuration and this machine's interfaces. */
class HostServingAddressesTest {

    private static final IpAddress LOOPBACK = IpAddress.parse("127.0.0.1");
    private static final ClusterSnapshot SNAPSHOT = new ClusterSnapshot("node-a", Optional.of(new NodeInfo("node-a",
            Map.of(), List.of(IpAddress.parse("198.19.0.1")), List.of(Cidr.parse("198.18.7.0/24")), true)),
            List.of(), 1);

    @Test
    void byDefaultNodePortsListenOnEveryAddressOfBothFamiliesAndTheClusterCidrsArePods() throws Exception {
        ServingAddresses addresses = new HostServingAddresses(new ProxyConfigBuilder()
                .clusterCidrs(List.of(Cidr.parse("198.18.1.0/24")), "test").build(() -> "node-a")).of(SNAPSHOT);

        assertThat(addresses.nodePortIps()).containsExactly(IpAddress.parse("0.0.0.0"), IpAddress.parse("::"));
        assertThat(addresses.traffic().isFromCluster(IpAddress.parse("198.18.1.50"))).isTrue();
        assertThat(addresses.traffic().isFromCluster(IpAddress.parse("198.18.7.50"))).isFalse();
        assertThat(addresses.traffic().isFromCluster(LOOPBACK)).as("this node").isTrue();
    }

    @Test
    void listedNodePortAddressesAreTheLocalAddressesInsideThemPlusThePrimaryIp() throws Exception {
        ServingAddresses addresses = new HostServingAddresses(new ProxyConfigBuilder()
                .nodePortAddresses(NodePortAddresses.parse(List.of("127.0.0.0/8", "primary")), "test")
                .build(() -> "node-a")).of(SNAPSHOT);

        assertThat(addresses.nodePortIps()).containsExactly(LOOPBACK, IpAddress.parse("198.19.0.1"));
    }

    @Test
    void withNodeCidrDetectionThePodsAreTheNodesPodCidrs() throws Exception {
        ServingAddresses addresses = new HostServingAddresses(new ProxyConfigBuilder()
                .detectLocalMode(DetectLocalMode.NODE_CIDR, "test").build(() -> "node-a")).of(SNAPSHOT);

        assertThat(addresses.traffic().podCidrs()).containsExactly(Cidr.parse("198.18.7.0/24"));
    }
}
