package dev.junction.core.store;

import dev.junction.core.metrics.ProxyMeters;
import dev.junction.core.model.ObjectRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The changes not yet taken by a snapshot, as kube-proxy's change trackers count them: the changes counters grow by one
 * per real change, the pending gauges show how many Services have changes waiting. Not thread-safe: {@link ObjectStore}
 * guards it.
 */
final class PendingChangeTracker {

    private final Counter serviceChanges;
    private final Counter endpointChanges;
    // Strong references: Micrometer gauges only hold weak ones.
    private final AtomicInteger servicesPending = new AtomicInteger();
    private final AtomicInteger endpointsPending = new AtomicInteger();
    private final Set<ObjectRef> pendingServices = new HashSet<>();
    private final Set<ObjectRef> pendingEndpoints = new HashSet<>();
    private final List<Instant> triggerTimes = new ArrayList<>();

    PendingChangeTracker(MeterRegistry registry) {
        serviceChanges = ProxyMeters.SERVICE_CHANGES.counter(registry);
        endpointChanges = ProxyMeters.ENDPOINT_CHANGES.counter(registry);
        registerGauge(registry, ProxyMeters.SERVICE_CHANGES_PENDING, servicesPending);
        registerGauge(registry, ProxyMeters.ENDPOINT_CHANGES_PENDING, endpointsPending);
    }

    void recordServiceChange(ObjectRef service, Instant triggerTime) {
        serviceChanges.increment();
        pendingServices.add(service);
        servicesPending.set(pendingServices.size());
        triggerTimes.add(triggerTime);
    }

    /**
     * @param services    the Services whose endpoints changed (two when a slice moved between Services)
     * @param triggerTime null when the change has no usable trigger time
     */
    void recordEndpointChange(Set<ObjectRef> services, Instant triggerTime) {
        endpointChanges.increment();
        pendingEndpoints.addAll(services);
        endpointsPending.set(pendingEndpoints.size());
        if (triggerTime != null) {
            triggerTimes.add(triggerTime);
        }
    }

    /** Hands over the trigger times of the pending changes, sorted, and forgets them. */
    List<Instant> drain() {
        List<Instant> times = triggerTimes.stream().sorted().toList();
        triggerTimes.clear();
        pendingServices.clear();
        pendingEndpoints.clear();
        servicesPending.set(0);
        endpointsPending.set(0);
        return times;
    }

    private static void registerGauge(MeterRegistry registry, ProxyMeters meter, AtomicInteger value) {
        Gauge.builder(meter.meterName(), value, AtomicInteger::get)
                .description(meter.description())
                .tags(meter.tags())
                .register(registry);
    }
}
