package dev.junction.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.UserspaceTransport;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void autoPrefersIoUringThenEpollThenNio() {
        Transport best = IoUring.isAvailable() ? Transport.IO_URING : Epoll.isAvailable() ? Transport.EPOLL
                : Transport.NIO;

        assertThat(Transport.select(UserspaceTransport.AUTO)).isEqualTo(best);
    }

    @Test
    void aNamedTransportIsTakenEvenWhenABetterOneRuns() {
        assertThat(Transport.select(UserspaceTransport.NIO)).isEqualTo(Transport.NIO);
    }

    @Test
    void tcpRelaysSpliceOnEpollWhenAskedOrWhenAutoFallsBackToIt() {
        assertThat(Transport.EPOLL.splices(UserspaceTransport.EPOLL_SPLICE)).isTrue();
        assertThat(Transport.EPOLL.splices(UserspaceTransport.AUTO)).isTrue();
        assertThat(Transport.EPOLL.relay(UserspaceTransport.AUTO)).isEqualTo("splice");
        assertThat(Transport.EPOLL.splices(UserspaceTransport.EPOLL)).isFalse();
        assertThat(Transport.IO_URING.splices(UserspaceTransport.AUTO)).isFalse();
        assertThat(Transport.NIO.relay(UserspaceTransport.AUTO)).isEqualTo("copy");
    }

    @Test
    void namesAreTheOnesLogsAndMetricsUse() {
        assertThat(Transport.values()).extracting(Transport::toString).containsExactly("io_uring", "epoll", "nio");
    }
}
