package dev.junction.core.health;

import dev.junction.core.metrics.ProxyMeters;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.ClusterSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's {@code ServiceHealthServer}: for every LoadBalancer Service with externalTrafficPolicy Local, an HTTP
 * listener on its {@code healthCheckNodePort} that tells cloud load balancers whether this node has a ready endpoint of
 * it (see {@link ServiceHealthResponse}). Listens on every configured node address, or on the wildcard address when
 * none is configured, as kube-proxy does with {@code nodePortAddresses} unset. A backend calls {@link #sync} after each
 * successful sync, so that load balancers only see endpoints whose rules are in place.
 *
 * <p>All listeners share one event-loop thread, however many Services there are (the JDK's HttpServer would take two
 * threads per listener). {@link #sync} and {@link #close} may be called from any thread; requests never wait for them.
 */
public final class ServiceHealthServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceHealthServer.class);

    /** Probes are bodiless GETs; anything larger is answered 413 by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 8192;

    private final List<IpAddress> nodeAddresses;
    private final BooleanSupplier proxyHealthy;
    private final Counter listenFailures;
    private final EventLoopGroup group;
    private final ServerBootstrap bootstrap;
    /** The open listeners; guarded by {@code this}. */
    private final Map<ObjectRef, Listener> listeners = new HashMap<>();
    /** The port each Service last failed to listen on, to warn once per failure rather than every sync; ditto. */
    private final Map<ObjectRef, Integer> failedPorts = new HashMap<>();
    /** What handlers answer from; replaced wholesale by {@link #sync}, read by the event loop. */
    private volatile Map<ObjectRef, ServiceHealthCheck> checks = Map.of();
    private boolean closed;

    /**
     * @param nodeAddresses where to listen; empty for the wildcard address (every address of the node)
     * @param proxyHealthy  whether the proxy keeps up, such as {@code ProxyHealth::isHealthy}; called per request on
     *                      the event loop, so it must not block
     */
    public ServiceHealthServer(List<IpAddress> nodeAddresses, BooleanSupplier proxyHealthy, MeterRegistry registry) {
        this.nodeAddresses = List.copyOf(nodeAddresses);
        this.proxyHealthy = proxyHealthy;
        this.listenFailures = ProxyMeters.SERVICE_HEALTH_LISTEN_FAILURES.counter(registry);
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("service-health", true),
                NioIoHandler.newFactory());
        this.bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class);
    }

    /**
     * Makes the listeners match {@code snapshot}, as kube-proxy's {@code SyncServices} and {@code SyncEndpoints}: opens
     * the missing ones, closes those whose Service is gone or changed port, keeps the others open. A port that cannot
     * be bound is logged and counted, and tried again on the next sync; other Services are served regardless. Returns
     * once listeners are bound or closed; does nothing after {@link #close}.
     */
    public synchronized void sync(ClusterSnapshot snapshot) {
        if (closed) {
            return;
        }
        Map<ObjectRef, ServiceHealthCheck> wanted = ServiceHealthCheck.of(snapshot);
        checks = wanted; // before opening, so that a new listener's first answer is already current
        closeUnwanted(wanted);
        failedPorts.keySet().retainAll(wanted.keySet());
        wanted.values().stream().filter(check -> !listeners.containsKey(check.service())).forEach(this::open);
    }

    /** Closes every listener and stops the event loop, which releases their ports. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.values().forEach(Listener::close);
        listeners.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** The open listeners, by Service. */
    synchronized Map<ObjectRef, Listener> listeners() {
        return Map.copyOf(listeners);
    }

    private void closeUnwanted(Map<ObjectRef, ServiceHealthCheck> wanted) {
        listeners.entrySet().removeIf(entry -> {
            ServiceHealthCheck check = wanted.get(entry.getKey());
            if (check != null && check.nodePort() == entry.getValue().port()) {
                return false;
            }
            log.info("{} health check closed healthCheckNodePort={}", entry.getKey(), entry.getValue().port());
            entry.getValue().close();
            return true;
        });
    }

    /** Listens on every address or none, as kube-proxy's {@code listenAndServeAll}, so a retry starts clean. */
    private void open(ServiceHealthCheck check) {
        Listener listener = new Listener(check.nodePort(), new DefaultChannelGroup(group.next()));
        ChannelInitializer<SocketChannel> pipeline = pipeline(check.service(), listener.channels());
        List<InetSocketAddress> addresses = addresses(check.nodePort());
        for (InetSocketAddress address : addresses) {
            ChannelFuture bound = bootstrap.clone().childHandler(pipeline).bind(address).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                listener.close();
                recordFailure(check, address, bound.cause());
                return;
            }
            listener.channels().add(bound.channel());
        }
        failedPorts.remove(check.service());
        listeners.put(check.service(), listener);
        log.info("{} health check listening healthCheckNodePort={} addresses={}", check.service(), check.nodePort(),
                addresses);
    }

    private void recordFailure(ServiceHealthCheck check, InetSocketAddress address, Throwable cause) {
        listenFailures.increment();
        Integer failedBefore = failedPorts.put(check.service(), check.nodePort());
        boolean repeated = failedBefore != null && failedBefore == check.nodePort();
        String message = "{} health check listen failed healthCheckNodePort={} address={}, retrying on the next sync: {}";
        if (repeated) {
            log.debug(message, check.service(), check.nodePort(), address, cause.toString());
        } else {
            log.warn(message, check.service(), check.nodePort(), address, cause.toString());
        }
    }

    private List<InetSocketAddress> addresses(int port) {
        if (nodeAddresses.isEmpty()) {
            return List.of(new InetSocketAddress(port));
        }
        return nodeAddresses.stream().map(ip -> new InetSocketAddress(ip.inet(), port)).toList();
    }

    /** Connections join {@code channels}, so that closing the listener closes them too, as Go's Server.Close. */
    private ChannelInitializer<SocketChannel> pipeline(ObjectRef service, ChannelGroup channels) {
        ServiceHealthHandler handler = new ServiceHealthHandler(() -> respond(service));
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channels.add(channel);
                channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES), handler);
            }
        };
    }

    /** A Service closed while a request was in flight answers as one without endpoints. */
    private ServiceHealthResponse respond(ObjectRef service) {
        ServiceHealthCheck check = checks.get(service);
        return new ServiceHealthResponse(service, check == null ? 0 : check.localEndpoints(),
                proxyHealthy.getAsBoolean());
    }

    /**
     * One Service's port: a server channel per node address and the connections they accepted.
     *
     * @param channels thread-safe: server channels join while opening, connections as the event loop accepts them
     */
    record Listener(int port, ChannelGroup channels) {

        /**
         * Closes every channel. The kernel releases the port a moment later, when the event loop next selects (a NIO
         * channel registered with a selector is only unbound then, netty/netty#8697); another Service that binds it in
         * the same sync may fail once and gets it on the next.
         */
        void close() {
            channels.close().awaitUninterruptibly();
        }
    }
}
