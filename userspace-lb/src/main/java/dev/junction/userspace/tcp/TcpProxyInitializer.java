package dev.junction.userspace.tcp;

import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import dev.junction.userspace.balance.EndpointTable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The pipeline of one accepted client connection of one Service port's TCP listener: a {@link TcpFrontendHandler}
 * that connects to an endpoint and turns into a relay. Give it to the listener's
 * {@code ServerBootstrap.childHandler(...)}, or call {@link #initChannel} from another initializer, one instance per
 * listener: {@code maxConnections} counts per instance, and a connection above it is closed before anything is read
 * from it and counted as refused. Works with any socket transport (io_uring, epoll, NIO): the endpoint connection uses
 * the client channel's class and event loop.
 *
 * <p>{@code tables} is read once per new connection; whoever owns the listener swaps the table behind it when a new
 * snapshot arrives (an {@code AtomicReference::get} will do), and established connections keep their endpoint.
 */
public final class TcpProxyInitializer extends ChannelInitializer<Channel> {

    private final Supplier<EndpointTable> tables;
    private final TcpProxySettings settings;
    private final ProtocolMeters meters;
    private final LongSupplier ticker;
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param meters from {@code UserspaceMeters.bindTo(registry, "tcp")}, shared by every TCP listener
     * @param ticker monotonic nanoseconds for passive health and ClientIP affinity ({@code System::nanoTime} in
     *               production)
     */
    public TcpProxyInitializer(Supplier<EndpointTable> tables, TcpProxySettings settings, ProtocolMeters meters,
            LongSupplier ticker) {
        this.tables = tables;
        this.settings = settings;
        this.meters = meters;
        this.ticker = ticker;
    }

    /**
     * Sets up a registered client channel. No idle timer runs until the relay starts: until then the connect timeout
     * per attempt bounds the connection's life.
     */
    @Override
    public void initChannel(Channel client) {
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            meters.refused().atLimit().increment();
            client.close();
            return;
        }
        meters.connections().increment();
        meters.active().incrementAndGet();
        client.closeFuture().addListener(closed -> {
            open.decrementAndGet();
            meters.active().decrementAndGet();
        });
        // No byte is read from the client before an endpoint is connected; half-closes are relayed, not fatal.
        client.config().setOption(ChannelOption.AUTO_READ, false);
        client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        client.pipeline().addLast("early", new EarlyInput())
                .addLast("frontend", new TcpFrontendHandler(tables, settings, meters, ticker));
    }
}
