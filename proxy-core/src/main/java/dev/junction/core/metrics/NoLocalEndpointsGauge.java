package dev.junction.core.metrics;

import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * kube-proxy's {@code sync_proxy_rules_no_local_endpoints_total}: per IP family and traffic policy, the Service ports
 * whose Local policy drops traffic because no endpoint runs on this node although some run elsewhere. A port with no
 * endpoint anywhere is rejected instead and is not counted, as in the iptables and nftables proxiers'
 * {@code syncProxyRules}.
 *
 * <p>{@link #update} is called from the sync loop's thread after each applied snapshot; scrapes read from any thread.
 */
public final class NoLocalEndpointsGauge {

    /** The {@code traffic_policy} tag: which of a port's two policies drops. */
    enum Policy {
        INTERNAL("internal", ServicePort::isInternalPolicyLocal),
        EXTERNAL("external", ServicePort::isExternalPolicyLocal);

        private final String tagValue;
        private final Predicate<ServicePort> isLocal;

        Policy(String tagValue, Predicate<ServicePort> isLocal) {
            this.tagValue = tagValue;
            this.isLocal = isLocal;
        }

        boolean dropsTraffic(ServicePort port) {
            return isLocal.test(port) && port.endpoints().hasAnyEndpoints() && port.endpoints().local().isEmpty();
        }
    }

    /** Strong references to the gauges' state: the registry only holds it weakly. */
    private final Map<IpFamily, Map<Policy, AtomicInteger>> counts = new EnumMap<>(IpFamily.class);

    /** Registers one gauge per family and policy, reading 0 until the first {@link #update}. */
    public NoLocalEndpointsGauge(MeterRegistry registry, Set<IpFamily> families) {
        for (IpFamily family : families) {
            Map<Policy, AtomicInteger> byPolicy = new EnumMap<>(Policy.class);
            for (Policy policy : Policy.values()) {
                AtomicInteger count = new AtomicInteger();
                ProxyMeters.NO_LOCAL_ENDPOINTS.gauge(registry, count, AtomicInteger::get,
                        family.kubernetesName(), policy.tagValue);
                byPolicy.put(policy, count);
            }
            counts.put(family, byPolicy);
        }
    }

    /** Recounts from the snapshot just applied. */
    public void update(ClusterSnapshot snapshot) {
        counts.forEach((family, byPolicy) -> {
            List<ServicePort> ports = snapshot.servicePorts(family);
            byPolicy.forEach((policy, count) -> count.set(count(ports, policy)));
        });
    }

    static int count(List<ServicePort> ports, Policy policy) {
        return (int) ports.stream().filter(policy::dropsTraffic).count();
    }
}
