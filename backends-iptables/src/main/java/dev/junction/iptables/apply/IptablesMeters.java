package dev.junction.iptables.apply;

import dev.junction.core.net.IpFamily;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The iptables backend's meters, with kube-proxy's names. Gauges read from values this class holds strongly, so
 * Micrometer's weak references never let them vanish.
 */
final class IptablesMeters {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    IptablesMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    Counter restoreFailures(IpFamily family) {
        return Counter.builder("kubeproxy.sync.proxy.rules.iptables.restore.failures")
                .description("iptables-restore runs that failed")
                .tag("ip_family", family.kubernetesName())
                .register(registry);
    }

    Counter partialRestoreFailures(IpFamily family) {
        return Counter.builder("kubeproxy.sync.proxy.rules.iptables.partial.restore.failures")
                .description("partial iptables-restore runs that failed (the next sync is full)")
                .tag("ip_family", family.kubernetesName())
                .register(registry);
    }

    /** Rules Junction holds in a table after the last sync ({@code kubeproxy_sync_proxy_rules_iptables_total}). */
    void setRulesTotal(IpFamily family, String table, long rules) {
        gauge("kubeproxy.sync.proxy.rules.iptables.total", "rules programmed in a table", family, table).set(rules);
    }

    /** Rules written by the last sync ({@code kubeproxy_sync_proxy_rules_iptables_last}). */
    void setRulesLast(IpFamily family, String table, long rules) {
        gauge("kubeproxy.sync.proxy.rules.iptables.last", "rules written by the last sync", family, table).set(rules);
    }

    /** 1 when this host's iptables drives nf_tables, whose restores slow down quadratically at scale. */
    void setNftFlavor(boolean nft) {
        AtomicLong value = gauges.computeIfAbsent("nft", key -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("junction.iptables.nftables.backend", holder, AtomicLong::get)
                    .description("1 when iptables is the nf_tables flavor, whose restores slow down at scale")
                    .register(registry);
            return holder;
        });
        value.set(nft ? 1 : 0);
    }

    private AtomicLong gauge(String name, String description, IpFamily family, String table) {
        return gauges.computeIfAbsent(name + "/" + family + "/" + table, key -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get)
                    .description(description)
                    .tag("ip_family", family.kubernetesName())
                    .tag("table", table)
                    .register(registry);
            return holder;
        });
    }
}
