package dev.junction.userspace.serve;

import dev.junction.core.snapshot.Endpoint;
import dev.junction.userspace.tcp.RelayStarted;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relayed client connections of one Service port's listener, by the endpoint they relay to, learnt from
 * {@link RelayStarted}: what a drain closes once an endpoint (or the whole port) is gone for longer than the drain
 * timeout. Sits last in every client pipeline of the listener. Thread-safe.
 */
@ChannelHandler.Sharable
final class EndpointConnections extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointConnections.class);

    private final String serviceName;
    private final ConcurrentMap<Endpoint, Set<Channel>> byEndpoint = new ConcurrentHashMap<>();

    /** @param serviceName the Service port, for log lines */
    EndpointConnections(String serviceName) {
        this.serviceName = serviceName;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof RelayStarted started) {
            Channel client = ctx.channel();
            byEndpoint.computeIfAbsent(started.endpoint(), e -> ConcurrentHashMap.newKeySet()).add(client);
            client.closeFuture().addListener(closed -> forget(started.endpoint(), client));
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    /** How many relayed connections go to {@code endpoint} now. */
    int count(Endpoint endpoint) {
        Set<Channel> channels = byEndpoint.get(endpoint);
        return channels == null ? 0 : channels.size();
    }

    /**
     * After {@code timeout}, closes the connections to each of {@code gone} that {@code stillServed} (read then) no
     * longer holds, so that an endpoint removed and re-added within the timeout keeps its connections.
     */
    void drain(Set<Endpoint> gone, Duration timeout, Supplier<Set<Endpoint>> stillServed,
            ScheduledExecutorService scheduler) {
        if (gone.isEmpty()) {
            return;
        }
        scheduler.schedule(() -> {
            Set<Endpoint> served = stillServed.get();
            gone.stream().filter(endpoint -> !served.contains(endpoint)).forEach(this::close);
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** After {@code timeout}, closes every connection, whatever its endpoint: the listener is gone. */
    void drainAll(Duration timeout, ScheduledExecutorService scheduler) {
        scheduler.schedule(() -> Set.copyOf(byEndpoint.keySet()).forEach(this::close), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void close(Endpoint endpoint) {
        Set<Channel> channels = byEndpoint.remove(endpoint);
        if (channels != null && !channels.isEmpty()) {
            LOG.debug("{} drain timeout over, closing connections endpoint={} connections={}", serviceName, endpoint,
                    channels.size());
            channels.forEach(Channel::close);
        }
    }

    private void forget(Endpoint endpoint, Channel client) {
        byEndpoint.computeIfPresent(endpoint, (e, channels) -> {
            channels.remove(client);
            return channels.isEmpty() ? null : channels;
        });
    }
}
