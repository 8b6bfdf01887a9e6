package dev.junction.daemonset;

import dev.junction.core.backend.Backend;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.health.HealthServer;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.metrics.MetricsServer;
import dev.junction.core.store.ObjectStore;
import dev.junction.core.sync.SyncLoop;
import dev.junction.core.sync.SyncTiming;
import dev.junction.core.watch.ClusterSource;
import dev.junction.core.watch.FileSource;
import dev.junction.core.watch.InformerSource;
import dev.junction.core.watch.WatchScope;
import dev.junction.dns.server.DnsSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code junction run}: the composition root. Builds the store, the source that feeds it, the data plane, the sync
 * loop and the health and metrics servers; runs until SIGTERM (or SIGINT), then stops them in reverse order so the
 * last sync finishes and the kernel keeps its rules.
 */
final class Agent implements AgentLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** How long the shutdown hook lets the agent stop before the JVM exits anyway. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private final DataPlanes dataPlanes;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    Agent(DataPlanes dataPlanes) {
        this.dataPlanes = dataPlanes;
    }

    @Override
    public int run(ProxyConfig config, Optional<DnsSettings> dns) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndWait, "junction-shutdown"));
        try {
            serve(config, dns);
            return 0;
        } finally {
            stopped.countDown();
        }
    }

    private void serve(ProxyConfig config, Optional<DnsSettings> dnsSettings) throws Exception {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        SyncTiming timing = SyncTiming.of(config.rules().minSyncPeriod(), config.rules().syncPeriod());
        ObjectStore store = new ObjectStore(config.nodeName(), registry, clock);
        ProxyHealth health = new ProxyHealth(clock, timing.healthTimeout());
        // The data plane may ask for a full sync (its rules were flushed) before the loop exists.
        AtomicReference<SyncLoop> loopRef = new AtomicReference<>();
        Runnable requestFullSync = () -> {
            SyncLoop loop = loopRef.get();
            if (loop != null) {
                loop.requestFullSync();
            }
        };
        try (MetricsServer metrics = MetricsServer.start(registry, config.metricsBindAddress().toSocketAddress());
                HealthServer healthz = HealthServer.start(
                        config.healthzBindAddress().toSocketAddress(), health, store::node, registry);
                Backend backend = dataPlanes.create(config, registry, health, requestFullSync);
                SyncLoop loop = new SyncLoop(store, backend, timing, health, registry);
                DnsResponder dns = DnsResponder.start(dnsSettings, store, registry);
                ClusterSource source = openSource(config, dnsSettings.isPresent())) {
            loopRef.set(loop);
            loop.start();
            source.start(store);
            LOG.info("junction running mode={} node={} source={} healthz={} metrics={}", backend.mode(),
                    config.nodeName(), source.describe(), healthz.port(), metrics.port());
            stopRequested.await();
            LOG.info("shutting down: finishing the current sync; rules stay in place");
        }
        LOG.info("stopped");
    }

    /** kube-proxy's selectors, unless DNS also answers from the store: it needs headless Services too. */
    private static ClusterSource openSource(ProxyConfig config, boolean servesDns) {
        WatchScope scope = servesDns ? WatchScope.CLUSTER : WatchScope.PROXY;
        if (config.source().isPresent()) {
            return new FileSource(config.source().get(), config.nodeName(), scope);
        }
        return InformerSource.connect(config.kubeconfig(), config.nodeName(), scope, config.configSyncPeriod());
    }

    /** Runs in the shutdown hook: asks {@link #serve} to return, then lets it close everything. */
    private void stopAndWait() {
        stopRequested.countDown();
        try {
            if (!stopped.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("did not stop within {}s; exiting anyway", SHUTDOWN_GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
