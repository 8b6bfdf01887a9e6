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
    void tcpRelaysSpliceOnEpollCopyThenSpliceOnIoUringAndCopyOnNio() {
        assertThat(Transport.values()).extracting(Transport::relay).containsExactly("copy+splice", "splice", "copy");
    }

    @Test
    void namesAreTheOnesLogsAndMetricsUse() {
        assertThat(Transport.values()).extracting(Transport::toString).containsExactly("io_uring", "epoll", "nio");
    }
}
