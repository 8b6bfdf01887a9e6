package dev.junction.daemonset.e2e;

import dev.junction.core.config.ProxyMode;

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
}
