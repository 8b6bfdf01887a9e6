package dev.junction.userspace.tcp;

import dev.junction.core.config.UserspaceTransport;

/**
 * Every {@link TcpProxyTest} again on NIO, the transport of hosts where neither io_uring nor the native epoll library
 * loads (and {@code --userspace-transport nio}): the JDK's selector, with its own rules for half-closed sockets.
 */
class NioTcpProxyTest extends TcpProxyTest {

    @Override
    UserspaceTransport transport() {
        return UserspaceTransport.NIO;
    }
}
