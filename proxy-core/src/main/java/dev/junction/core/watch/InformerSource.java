package dev.junction.core.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster objects from the Kubernetes API: shared informers on Services and EndpointSlices (discovery.k8s.io/v1) in
 * all namespaces, filtered server-side like kube-proxy's (see {@link ProxySelectors}) unless the {@link WatchScope} is
 * CLUSTER, on this node's Node ({@code metadata.name=<node>}), on ServiceCIDRs (networking.k8s.io/v1) when the API
 * server serves them (see {@link ServiceCidrDiscovery}), and in the CLUSTER scope on Namespaces (for DNS).
 *
 * <p>Threading: Fabric8 calls the handlers on its own threads, one informer at a time but informers concurrently; the
 * handlers only enqueue, and one daemon thread, {@code junction-informer-source}, calls the consumer, so events reach
 * it in order and never concurrently. Each kind is reported {@link WatchEvent.Synced} once, after its initial list has
 * been delivered, including when the list is empty (the Node may not exist yet). ServiceCIDRs are watched once
 * discovery has answered, on a short-lived thread {@code junction-api-discovery}, so that no other kind waits for it;
 * a server without them never reports that kind synced.
 *
 * <p>Failures: informers relist on their own after 410 Gone and retry failed lists and watches with exponential
 * backoff, also before the first list succeeds (Fabric8's default would give up then). Each failure is logged at WARN,
 * at most once per {@value #WARN_INTERVAL_SECONDS} s per kind with a count of those held back.
 */
public final class InformerSource implements ClusterSource {

    /** kube-proxy's default {@code configSyncPeriod}. */
    public static final Duration DEFAULT_RESYNC_PERIOD = Duration.ofMinutes(15);

    private static final Logger log = LoggerFactory.getLogger(InformerSource.class);
    private static final long WARN_INTERVAL_SECONDS = 30;

    private final KubernetesClient client;
    private final ClientOwnership ownership;
    private final String nodeName;
    private final WatchScope scope;
    private final Duration resyncPeriod;
    private final LogRateLimiter warnings;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private ExecutorService delivery;

    /**
     * A source on a client the caller owns and closes.
     *
     * @param nodeName this node's name, as registered (kube-proxy's hostname or {@code --hostname-override})
     * @param resyncPeriod how often informers replay their cache as updates (kube-proxy's {@code configSyncPeriod});
     *     zero disables
     */
    public InformerSource(KubernetesClient client, String nodeName, Duration resyncPeriod) {
        this(client, ClientOwnership.BORROWED, nodeName, WatchScope.PROXY, resyncPeriod);
    }

    /**
     * A source on a client the caller owns and closes, delivering the Services and EndpointSlices of {@code scope}.
     *
     * @see #InformerSource(KubernetesClient, String, Duration)
     */
    public InformerSource(KubernetesClient client, String nodeName, WatchScope scope, Duration resyncPeriod) {
        this(client, ClientOwnership.BORROWED, nodeName, scope, resyncPeriod);
    }

    private InformerSource(KubernetesClient client, ClientOwnership ownership, String nodeName, WatchScope scope,
            Duration resyncPeriod) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownership = ownership;
        this.scope = Objects.requireNonNull(scope, "scope");
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("node name \"" + nodeName + "\" (expected: this node's name)");
        }
        if (resyncPeriod.isNegative()) {
            throw new IllegalArgumentException("resync period " + resyncPeriod + " (expected: zero or positive)");
        }
        this.nodeName = nodeName;
        this.resyncPeriod = resyncPeriod;
        this.warnings = new LogRateLimiter(Clock.systemUTC(), Duration.ofSeconds(WARN_INTERVAL_SECONDS));
    }

    /**
     * A source on a client it builds and closes itself: from {@code kubeconfig} when given, otherwise Fabric8's
     * auto-configuration (in-cluster service account, {@code $KUBECONFIG}, {@code ~/.kube/config}).
     *
     * @throws IllegalArgumentException if the kubeconfig file is missing or cannot be parsed; the message names it
     */
    public static InformerSource connect(Optional<Path> kubeconfig, String nodeName, Duration resyncPeriod) {
        return connect(kubeconfig, nodeName, WatchScope.PROXY, resyncPeriod);
    }

    /** Like {@link #connect(Optional, String, Duration)}, delivering the Services and slices of {@code scope}. */
    public static InformerSource connect(Optional<Path> kubeconfig, String nodeName, WatchScope scope,
            Duration resyncPeriod) {
        Config config = kubeconfig.map(InformerSource::readKubeconfig).orElseGet(() -> Config.autoConfigure(null));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        return new InformerSource(client, ClientOwnership.OWNED, nodeName, scope, resyncPeriod);
    }

    private static Config readKubeconfig(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("kubeconfig " + path + " does not exist (expected: a kubeconfig file)");
        }
        try {
            return Config.fromKubeconfig(path.toFile());
        } catch (RuntimeException e) { // Fabric8 lets YAML parser exceptions through as well as its own
            throw new IllegalArgumentException("kubeconfig " + path + " could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void start(Consumer<WatchEvent> consumer) {
        if (delivery != null) {
            throw new IllegalStateException(describe() + " was already started");
        }
        delivery = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("junction-informer-source").daemon().factory());
        Consumer<WatchEvent> guarded = new GuardedConsumer(consumer);
        Consumer<WatchEvent> handOff = event -> handOff(guarded, event);
        informers.add(startInformer(ResourceKind.SERVICE, services(), handOff));
        informers.add(startInformer(ResourceKind.ENDPOINT_SLICE, endpointSlices(), handOff));
        informers.add(startInformer(ResourceKind.NODE, client.nodes().withField("metadata.name", nodeName), handOff));
        if (scope == WatchScope.CLUSTER) {
            informers.add(startInformer(ResourceKind.NAMESPACE, client.namespaces(), handOff));
        }
        Thread.ofPlatform().name("junction-api-discovery").daemon().start(() -> watchServiceCidrsIfServed(handOff));
        log.info("informers started node={} scope={} resyncPeriod={} server={}", nodeName, scope, resyncPeriod,
                client.getMasterUrl());
    }

    /** Discovery blocks (and retries while the API server is unreachable); the informer starts unless closed since. */
    private void watchServiceCidrsIfServed(Consumer<WatchEvent> handOff) {
        boolean watchable = ServiceCidrDiscovery.isWatchable(client);
        synchronized (this) {
            if (watchable && !delivery.isShutdown()) {
                informers.add(startInformer(ResourceKind.SERVICE_CIDR, client.network().v1().serviceCIDRs(), handOff));
            }
        }
    }

    private Informable<Service> services() {
        var all = client.services().inAnyNamespace();
        return switch (scope) {
            case PROXY -> all.withoutLabel(ProxySelectors.SERVICE_PROXY_NAME_LABEL)
                    .withoutField(ProxySelectors.CLUSTER_IP_FIELD, ProxySelectors.CLUSTER_IP_NONE);
            case CLUSTER -> all;
        };
    }

    private Informable<EndpointSlice> endpointSlices() {
        var all = client.discovery().v1().endpointSlices().inAnyNamespace();
        return switch (scope) {
            case PROXY -> all.withoutLabel(ProxySelectors.HEADLESS_LABEL);
            case CLUSTER -> all;
        };
    }

    private <T extends HasMetadata> SharedIndexInformer<T> startInformer(ResourceKind kind, Informable<T> source,
            Consumer<WatchEvent> handOff) {
        SharedIndexInformer<T> informer = source.runnableInformer(resyncPeriod.toMillis());
        informer.addEventHandler(new EventForwarder<>(kind, handOff));
        informer.exceptionHandler((listed, failure) -> retryAfter(kind, listed, failure));
        informer.start();
        return informer;
    }

    private boolean retryAfter(ResourceKind kind, boolean listed, Throwable failure) {
        if (kind == ResourceKind.SERVICE_CIDR && ServiceCidrDiscovery.isNotServed(failure)) {
            return false; // stops this informer only: no WARN every 30 s on a server that will never serve them
        }
        warnings.admit(kind.kind()).ifPresent(held -> log.warn(
                "list/watch failed kind={} initialListDone={} heldBack={} reason={}; retrying with backoff",
                kind.kind(), listed, held, failure.toString()));
        log.debug("list/watch failure kind={}", kind.kind(), failure);
        return true;
    }

    private void handOff(Consumer<WatchEvent> consumer, WatchEvent event) {
        try {
            delivery.execute(() -> consumer.accept(event));
        } catch (RejectedExecutionException e) {
            log.debug("dropping event after close kind={}", event.kind().kind());
        }
    }

    @Override
    public String describe() {
        return "kubernetes " + client.getMasterUrl() + " node " + nodeName;
    }

    /** Stops the informers and the delivery thread; closes the client only if {@link #connect} built it. */
    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
        if (delivery != null) {
            delivery.shutdownNow();
        }
        if (ownership == ClientOwnership.OWNED) {
            client.close();
        }
        log.info("informers stopped node={}", nodeName);
    }

    private enum ClientOwnership {
        /** The caller closes the client. */
        BORROWED,
        /** Built by {@link #connect}; closed with the source. */
        OWNED
    }
}
