package dev.junction.userspace.tcp;

import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.config.UserspaceTransport;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    @Override
    @Test
    void aClientThatHalfClosedAfterItsRequestStillDownloadsAnAnswerLargerThanTheSocketBuffers() {
        abort("known to fail on the copying relay over epoll: Netty 4.2.18-4.2.20 removes a socket from epoll once"
                + " its input has ended and then fails the first write that must wait (EPOLL_CTL_MOD: ENOENT), which"
                + " cuts the answer off; auto uses the splice relay on epoll for this reason (Transport.splices), and"
                + " SplicedTcpProxyTest passes this test");
    }
}
