package dev.junction.userspace.serve;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.tcp.TcpProxyInitializer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.unix.UnixChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pipeline of a connection accepted by one Service port's listener on one kind of frontend: decides its
 * {@link Origin} once, then installs that origin's TCP proxy and, last, the {@link EndpointConnections} that drains
 * it.
 */
@ChannelHandler.Sharable
final class FrontendInitializer extends ChannelInitializer<Channel> {

    private final FrontendKind kind;
    private final IpFamily family;
    private final Supplier<PortTables> tables;
    private final Map<Origin, TcpProxyInitializer> proxies;
    private final EndpointConnections connections;
    private final ListenerContext context;

    FrontendInitializer(FrontendKind kind, IpFamily family, Supplier<PortTables> tables,
            Map<Origin, TcpProxyInitializer> proxies, EndpointConnections connections, ListenerContext context) {
        this.kind = kind;
        this.family = family;
        this.tables = tables;
        this.proxies = Map.copyOf(proxies);
        this.connections = connections;
        this.context = context;
    }

    @Override
    protected void initChannel(Channel client) {
        InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
        Origin origin = OriginClassifier.classify(kind, tables.get().port(), new IpAddress(remote.getAddress()),
                (InetSocketAddress) client.localAddress(), () -> originalDestination(client), context.traffic().get());
        proxies.get(origin).initChannel(client);
        client.pipeline().addLast(connections);
    }

    private Optional<InetSocketAddress> originalDestination(Channel client) {
        if (client instanceof UnixChannel unix) {
            return context.originalDestination().of(unix.fd().intValue(), family);
        }
        return Optional.empty();
    }
}
