package dev.junction.daemonset.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.net.Protocol;
import dev.junction.daemonset.demo.Probe;
import org.junit.jupiter.api.Test;

/** {@code --proxy-mode iptables} (the default) end to end. */
class IptablesDataPlaneKernelTest extends DataPlaneBehaviour {

    private static final String LOCALHOST_NODEPORTS = "kubeproxy_iptables_localhost_nodeports_accepted_packets_total ";

    @Override
    ProxyMode mode() {
        return ProxyMode.IPTABLES;
    }

    @Override
    String kernelTool() {
        return "iptables-nft-restore";
    }

    @Override
    String modeMetric() {
        return "kubeproxy_sync_proxy_rules_iptables_total{ip_family=\"IPv4\",table=\"nat\"}";
    }

    /** The agent created kube-proxy's nfacct counters in the node namespace, and its rules count into them. */
    @Test
    void aLocalhostNodePortConnectionIsCountedInKubeProxysNfacctMetric() {
        double before = localhostNodePortPackets(agent.scrapeMetrics());

        Probe.send(cluster.node(), "127.0.0.1", Stack.IPV4.webNodePort(), Protocol.TCP);

        String metrics = agent.scrapeMetrics();
        assertThat(metrics).contains("\nkubeproxy_iptables_ct_state_invalid_dropped_packets_total ");
        assertThat(localhostNodePortPackets(metrics)).isGreaterThan(before);
    }

    private static double localhostNodePortPackets(String metrics) {
        return metrics.lines().filter(line -> line.startsWith(LOCALHOST_NODEPORTS)).findFirst()
                .map(line -> Double.parseDouble(line.substring(LOCALHOST_NODEPORTS.length())))
                .orElseThrow(() -> new AssertionError("no " + LOCALHOST_NODEPORTS.strip() + " in /metrics"));
    }
}
