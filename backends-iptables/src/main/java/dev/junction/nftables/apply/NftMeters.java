package dev.junction.nftables.apply;

import dev.junction.core.net.IpFamily;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The nftables backend's meters, with kube-proxy's names. */
final class NftMeters {

    private final MeterRegistry registry;

    NftMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    Counter syncFailures(IpFamily family) {
        return Counter.builder("kubeproxy.sync.proxy.rules.nftables.sync.failures")
                .description("nft transactions that failed (the previous rules stay; the next sync is full)")
                .tag("ip_family", family.kubernetesName())
                .register(registry);
    }

    Counter cleanupFailures(IpFamily family) {
        return Counter.builder("kubeproxy.sync.proxy.rules.nftables.cleanup.failures")
                .description("deletions of stale chains that failed (retried by the next full sync)")
                .tag("ip_family", family.kubernetesName())
                .register(registry);
    }
}
