package dev.junction.dns.server;

import dev.junction.core.store.ObjectStore;
import dev.junction.dns.cache.ResponseCache;
import dev.junction.dns.forward.Forwarder;
import dev.junction.dns.forward.UpstreamForwarder;
import dev.junction.dns.records.LiveZone;
import dev.junction.dns.transport.SocketTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster DNS responder: UDP and TCP on one address, answering the cluster zone from a store and forwarding the
 * rest. One call starts everything; {@link #close()} stops it.
 *
 * <pre>{@code
 * ClusterDnsServer dns = ClusterDnsServer.start(store, DnsSettings.of(listen, ZoneSettings.defaults(), upstreams),
 *         registry);
 * }</pre>
 */
public final class ClusterDnsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterDnsServer.class);
    /** The longest query datagram read whole (Netty's default datagram buffer; queries are rarely above 512). */
    private static final int MAX_QUERY_DATAGRAM = 2048;
    /**
     * 8 x 2048 = 16 KiB per read: with at most 512 MiB of heap, Netty's allocator pools nothing above 16,896 octets
     * ({@code io.netty.allocator.lowMemory}), and 32 KiB was a fresh direct buffer, with a Cleaner, on every read.
     */
    private static final int DATAGRAMS_PER_READ = 8;

    private final LiveZone zone;
    private final Forwarder forwarder;
    private final EventLoopGroup group;
    private final List<Channel> udp;
    private final Channel tcp;

    private ClusterDnsServer(LiveZone zone, Forwarder forwarder, EventLoopGroup group, List<Channel> udp,
            Channel tcp) {
        this.zone = zone;
        this.forwarder = forwarder;
        this.group = group;
        this.udp = udp;
        this.tcp = tcp;
    }

    /**
     * Subscribes to {@code store} (it may already be fed, synced or not), binds UDP and TCP, and returns once both
     * are bound. Until the store has synced, misses in the zone are SERVFAIL and {@link #isReady()} is false. Uses
     * native epoll where it is available, else NIO.
     *
     * @throws IOException when the address cannot be bound
     */
    public static ClusterDnsServer start(ObjectStore store, DnsSettings settings, MeterRegistry registry)
            throws IOException {
        return start(store, settings, registry, SocketTransport.best());
    }

    /** {@link #start(ObjectStore, DnsSettings, MeterRegistry)} on the given transport (tests run both). */
    static ClusterDnsServer start(ObjectStore store, DnsSettings settings, MeterRegistry registry,
            SocketTransport transport) throws IOException {
        ResponseCache cache = new ResponseCache(settings.cacheCapacity(), System::nanoTime);
        DnsMetrics metrics = new DnsMetrics(registry, cache);
        LiveZone zone = new LiveZone(store, settings.zone(), ServerAddresses.of(settings.listen()), Clock.systemUTC());
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        EventLoopGroup group = transport.newGroup(threads);
        Forwarder forwarder = UpstreamForwarder.create(transport, group, settings.upstreams(),
                settings.upstreamTimeout(), cache, metrics);
        DnsHandlers handlers = DnsHandlers.create(zone::current, forwarder, metrics);
        try {
            Channel tcp = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new DnsPipelineInitializer(Transport.TCP, handlers, settings.tcpIdleTimeout()))
                    .bind(settings.listen()).sync().channel();
            int port = ((InetSocketAddress) tcp.localAddress()).getPort();
            InetSocketAddress udpAddress = new InetSocketAddress(settings.listen().getAddress(), port);
            List<Channel> udp = bindUdp(transport, group, handlers, settings, udpAddress, threads);
            zone.start();
            log.info("dns server started address={} zone={} upstreams={} transport={} loops={}", tcp.localAddress(),
                    settings.zone().domain(), settings.upstreams(), transport.tag(), threads);
            return new ClusterDnsServer(zone, forwarder, group, udp, tcp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdown(zone, forwarder, group);
            throw new IOException("interrupted while binding " + settings.listen(), e);
        } catch (RuntimeException e) { // Netty rethrows bind failures (BindException) unchecked from sync()
            shutdown(zone, forwarder, group);
            throw new IOException("cannot bind dns server to " + settings.listen() + ": " + e.getMessage(), e);
        }
    }

    /**
     * One UDP socket per event loop on the same port ({@code SO_REUSEPORT}): the kernel spreads clients over them, so
     * that UDP is served by every core rather than by the one loop a single channel lives on.
     */
    private static List<Channel> bindUdp(SocketTransport transport, EventLoopGroup group, DnsHandlers handlers,
            DnsSettings settings, InetSocketAddress address, int count) throws InterruptedException {
        Bootstrap bootstrap = transport.reusePort(new Bootstrap().group(group).channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .handler(new DnsPipelineInitializer(Transport.UDP, handlers, settings.tcpIdleTimeout())));
        transport.receiveInBatches(bootstrap, MAX_QUERY_DATAGRAM, DATAGRAMS_PER_READ);
        List<Channel> channels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            channels.add(bootstrap.bind(address).sync().channel());
        }
        return List.copyOf(channels);
    }

    /** Where UDP and TCP are served (the same address and port). */
    public InetSocketAddress address() {
        return (InetSocketAddress) udp.get(0).localAddress();
    }

    /** True once the store has synced and the zone built from it is served (CoreDNS's {@code /ready}). */
    public boolean isReady() {
        return zone.current().isSynced();
    }

    @Override
    public void close() {
        udp.forEach(Channel::close);
        tcp.close();
        shutdown(zone, forwarder, group);
        log.info("dns server stopped");
    }

    private static void shutdown(LiveZone zone, Forwarder forwarder, EventLoopGroup group) {
        zone.close();
        forwarder.close();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
