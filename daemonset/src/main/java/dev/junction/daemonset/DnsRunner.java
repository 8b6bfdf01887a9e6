package dev.junction.daemonset;

import dev.junction.core.metrics.MetricsServer;
import dev.junction.core.store.ObjectStore;
import dev.junction.core.watch.ClusterSource;
import dev.junction.core.watch.FileSource;
import dev.junction.core.watch.InformerSource;
import dev.junction.core.watch.WatchScope;
import dev.junction.dns.server.ClusterDnsServer;
import dev.junction.dns.server.DnsHealthServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@code junction dns}: a CLUSTER-scope source (headless Services and their slices included) feeding a store,
 * the responder on it, the probes and metrics; {@link #run} then waits for the JVM to be asked to stop.
 */
final class DnsRunner implements DnsLauncher {

    private static final Logger log = LoggerFactory.getLogger(DnsRunner.class);

    @Override
    public int run(DnsConfig config) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            joinQuietly(main);
        }, "junction-dns-shutdown"));
        try (Running running = start(config)) {
            log.info("junction dns running listen={}", running.dns().address());
            stopped.await();
        }
        return 0;
    }

    /** Starts everything; closing the result stops it, in reverse order. */
    static Running start(DnsConfig config) throws IOException {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        ObjectStore store = new ObjectStore(config.nodeName(), registry, Clock.systemUTC());
        ClusterDnsServer dns = ClusterDnsServer.start(store, config.dns(), registry);
        ClusterSource source = null;
        MetricsServer metrics = null;
        try {
            source = openSource(config);
            metrics = MetricsServer.start(registry, config.metricsBindAddress().toSocketAddress());
            DnsHealthServer health = DnsHealthServer.start(config.healthBindAddress().toSocketAddress(), dns::isReady);
            source.start(store);
            return new Running(dns, source, metrics, health);
        } catch (IOException | RuntimeException e) {
            closeAll(metrics, source, dns);
            throw e;
        }
    }

    private static ClusterSource openSource(DnsConfig config) {
        if (config.source().isPresent()) {
            return new FileSource(config.source().get(), config.nodeName(), WatchScope.CLUSTER);
        }
        return InformerSource.connect(config.kubeconfig(), config.nodeName(), WatchScope.CLUSTER,
                InformerSource.DEFAULT_RESYNC_PERIOD);
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The started pieces of {@code junction dns}. */
    record Running(ClusterDnsServer dns, ClusterSource source, MetricsServer metrics, DnsHealthServer health)
            implements AutoCloseable {
        @Override
        public void close() {
            closeAll(health, metrics, source, dns);
        }
    }
}
