package dev.junction.core.health;

import dev.junction.core.metrics.ProxyMeters;
import dev.junction.core.model.NodeInfo;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code /healthz} and {@code /livez} answer, and kube-proxy's per-code counters of those answers; the HTTP
 * plumbing lives in {@link HealthServer}.
 */
final class HealthEndpoints {

    static final String HEALTHZ = "/healthz";
    static final String LIVEZ = "/livez";

    private final ProxyHealth health;
    private final Supplier<Optional<NodeInfo>> node;
    private final MeterRegistry registry;

    HealthEndpoints(ProxyHealth health, Supplier<Optional<NodeInfo>> node, MeterRegistry registry) {
        this.health = health;
        this.node = node;
        this.registry = registry;
    }

    /** The answer for {@code path}, counted; empty for a path that is neither endpoint. */
    Optional<HealthResponse> respond(String path) {
        return switch (path) {
            case HEALTHZ -> Optional.of(counted(ProxyMeters.PROXY_HEALTHZ,
                    HealthResponse.healthz(health.report(), isNodeEligible())));
            case LIVEZ -> Optional.of(counted(ProxyMeters.PROXY_LIVEZ, HealthResponse.livez(health.report())));
            default -> Optional.empty();
        };
    }

    /** An unknown node is not eligible: kube-proxy fails /healthz until it has seen its Node. */
    private boolean isNodeEligible() {
        return node.get().map(NodeInfo::eligible).orElse(false);
    }

    private HealthResponse counted(ProxyMeters meter, HealthResponse response) {
        meter.counter(registry, Integer.toString(response.code())).increment();
        return response;
    }
}
