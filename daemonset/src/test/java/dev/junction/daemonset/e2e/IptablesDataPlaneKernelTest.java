package dev.junction.daemonset.e2e;

import dev.junction.core.config.ProxyMode;

/** {@code --proxy-mode iptables} (the default) end to end. */
class IptablesDataPlaneKernelTest extends DataPlaneBehaviour {

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
}
