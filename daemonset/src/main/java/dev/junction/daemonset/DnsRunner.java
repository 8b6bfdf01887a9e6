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
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@code junction dns}: a CLUSTER-scope source (headless Services and their slices included) feeding a store,
 * the responder on it, the probes and metrics; then waits for the JVM to be asked to stop.
 */
final class DnsRunner implements DnsLauncher {

    private static final Logger log = LoggerFactory.getLogger(DnsRunner.class);

    @Override
    public int run(DnsConfig config) throws Exception {
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        ObjectStore store = new ObjectStore(config.nodeName(), registry, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            joinQuietly(main);
        }, "junction-dns-shutdown"));
        try (ClusterDnsServer dns = ClusterDnsServer.start(store, config.dns(), registry);
                ClusterSource source = openSource(config);
                MetricsServer metrics = MetricsServer.start(registry, config.metricsBindAddress().toSocketAddress());
                DnsHealthServer health = DnsHealthServer.start(config.healthBindAddress().toSocketAddress(),
                        dns::isReady)) {
            source.start(store);
            log.info("junction dns running source={} listen={} metricsPort={} healthPort={}", source.describe(),
                    dns.address(), metrics.port(), health.port());
            stopped.await();
        }
        return 0;
    }

    private static ClusterSource openSource(DnsConfig config) {
        if (config.source().isPresent()) {
            return new FileSource(config.source().get(), config.nodeName(), WatchScope.CLUSTER);
        }
        return InformerSource.connect(config.kubeconfig(), config.nodeName(), WatchScope.CLUSTER,
                InformerSource.DEFAULT_RESYNC_PERIOD);
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
