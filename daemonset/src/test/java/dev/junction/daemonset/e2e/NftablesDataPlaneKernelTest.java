package dev.junction.daemonset.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.net.Protocol;
import dev.junction.core.sandbox.Netns;
import dev.junction.daemonset.demo.Probe;
import dev.junction.daemonset.demo.Probe.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --proxy-mode nftables} end to end: the same packets, answers and refusals as the iptables mode. NodePorts are
 * served on the Node's primary address (nftables' default {@code nodePortAddresses}), which is the one the tests use.
 */
class NftablesDataPlaneKernelTest extends DataPlaneBehaviour {

    @Override
    ProxyMode mode() {
        return ProxyMode.NFTABLES;
    }

    @Override
    String kernelTool() {
        return "nft";
    }

    @Override
    String modeMetric() {
        return "kubeproxy_sync_proxy_rules_nftables_sync_failures_total{ip_family=\"IPv4\"} 0.0";
    }

    /**
     * An address of the ServiceCIDR that no Service holds is dropped on the node, as kube-proxy's nftables mode does,
     * rather than routed on: the node's default route leads to the outside client, which here holds that address and
     * an address outside the ServiceCIDR, and answers on both. Only the one outside the ServiceCIDR may answer.
     */
    @Test
    void anUnallocatedClusterIpIsDroppedWhereTheDefaultRouteWouldCarryIt() {
        String unallocated = "198.18.0.99";
        String elsewhere = "198.18.2.99";
        Netns outside = cluster.external();
        for (String address : List.of(unallocated, elsewhere)) {
            outside.exec("ip", "address", "add", address + "/32", "dev", "lo").orThrow();
        }
        Process listener = outside.start(List.of("socat", "TCP-LISTEN:80,fork,reuseaddr",
                "SYSTEM:read -r request; echo outside $SOCAT_PEERADDR $SOCAT_PEERPORT"), workDir.resolve("outside.log"));
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !outside.exec("ss", "-Hltn", "sport = :80").stdout().isBlank());

            assertThat(Probe.send(clientPod, elsewhere, 80, Protocol.TCP).pod())
                    .as("outside the ServiceCIDR, the default route reaches the outside client").isEqualTo("outside");
            assertThat(Probe.send(clientPod, unallocated, 80, Protocol.TCP).outcome()).isEqualTo(Outcome.NO_ANSWER);
        } finally {
            listener.destroy();
            for (String address : List.of(unallocated, elsewhere)) {
                outside.exec("ip", "address", "del", address + "/32", "dev", "lo");
            }
        }
    }
}
