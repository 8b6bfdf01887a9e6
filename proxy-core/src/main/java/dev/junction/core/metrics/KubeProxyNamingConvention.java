package dev.junction.core.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;

/**
 * Micrometer's Prometheus naming, except that a gauge whose name ends in {@code .total} keeps a {@code _total}
 * suffix. The Prometheus convention drops that suffix from gauges, yet kube-proxy exports one gauge so named
 * ({@code kubeproxy_sync_proxy_rules_no_local_endpoints_total}) and dashboards query that exact name.
 */
final class KubeProxyNamingConvention implements NamingConvention {

    private static final String TOTAL = ".total";

    private final NamingConvention prometheus = new PrometheusNamingConvention();

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        if (type == Meter.Type.GAUGE && name.endsWith(TOTAL)) {
            String stem = name.substring(0, name.length() - TOTAL.length());
            return prometheus.name(stem, type, baseUnit) + "_total";
        }
        return prometheus.name(name, type, baseUnit);
    }

    @Override
    public String tagKey(String key) {
        return prometheus.tagKey(key);
    }

    @Override
    public String tagValue(String value) {
        return prometheus.tagValue(value);
    }
}
