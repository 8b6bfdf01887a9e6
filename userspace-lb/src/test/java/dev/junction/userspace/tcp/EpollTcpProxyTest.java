package dev.junction.userspace.tcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.config.UserspaceTransport;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every {@link TcpProxyTest} again on native epoll with the copying relay: the transport where io_uring is not allowed
 * (many container runtimes forbid it), whose half-close and read-arming rules differ from io_uring's.
 */
class EpollTcpProxyTest extends TcpProxyTest {

    @BeforeEach
    void needsEpoll() {
        assumeTrue(Epoll.isAvailable(), "native epoll does not load here: " + Epoll.unavailabilityCause());
    }

    @Override
    UserspaceTransport transport() {
        return UserspaceTransport.EPOLL;
    }
}
