package dev.junction.userspace.tcp;

import dev.junction.core.net.IpAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** Picks the {@link TcpProxy} that serves a connection just accepted, once per connection. */
@FunctionalInterface
public interface ConnectionRouter {

    /**
     * @param local  the accepted socket's local address, asked only when needed (a system call)
     * @param socket the accepted socket's descriptor, for {@code SO_ORIGINAL_DST}; -1 when the transport hides it
     */
    TcpProxy route(IpAddress client, Supplier<InetSocketAddress> local, int socket);

    /** Every connection to one proxy. */
    static ConnectionRouter to(TcpProxy proxy) {
        return (client, local, socket) -> proxy;
    }
}
