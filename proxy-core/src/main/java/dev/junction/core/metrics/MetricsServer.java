package dev.junction.core.metrics;

import dev.junction.core.http.EndpointServer;
import dev.junction.core.http.EndpointServer.Request;
import dev.junction.core.http.EndpointServer.Response;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Serves {@code /metrics} in the Prometheus text format (OpenMetrics when the scraper asks for it), as kube-proxy
 * does on its {@code metricsBindAddress}. Requests are served one at a time on the JDK server's dispatcher thread.
 */
public final class MetricsServer implements AutoCloseable {

    /** kube-proxy's default {@code metricsBindAddress}. */
    public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress("127.0.0.1", 10249);

    static final String PATH = "/metrics";
    /** The classic text format, which every scraper reads. */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final EndpointServer server;

    private MetricsServer(PrometheusMeterRegistry registry, JvmGcMetrics gcMetrics, EndpointServer server) {
        this.registry = registry;
        this.gcMetrics = gcMetrics;
        this.server = server;
    }

    /**
     * A registry that renders kube-proxy's metric names exactly. Create it first: the naming convention applies to
     * meters registered afterwards.
     */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().namingConvention(new KubeProxyNamingConvention());
        return registry;
    }

    /**
     * Binds JVM and process metrics to {@code registry} and serves it on {@code address} (port 0 picks a free port,
     * see {@link #port()}).
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsServer start(PrometheusMeterRegistry registry, InetSocketAddress address) throws IOException {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        try {
            return new MetricsServer(registry, gcMetrics,
                    EndpointServer.start("metrics", address, request -> scrape(registry, request)));
        } catch (IOException e) {
            gcMetrics.close();
            throw e;
        }
    }

    /** The bound port, useful when started on port 0. */
    public int port() {
        return server.port();
    }

    /** Stops serving at once and unbinds the GC listeners. Idempotent. */
    @Override
    public void close() {
        server.close();
        gcMetrics.close();
    }

    private static Optional<Response> scrape(PrometheusMeterRegistry registry, Request request) {
        if (!request.path().equals(PATH)) {
            return Optional.empty();
        }
        String contentType = contentType(request.accept().orElse(null));
        return Optional.of(new Response(200, Map.of("Content-Type", contentType), registry.scrape(contentType)));
    }

    /** OpenMetrics when the scraper lists it, else the classic text format. */
    static String contentType(String accept) {
        return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_FORMAT : TEXT_FORMAT;
    }
}
