package dev.junction.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void prefersIoUringOnlyWhenEnabledAndAvailable() {
        Transport withoutIoUring = Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;

        assertThat(Transport.select(Transport.IoUringUse.NEVER)).isEqualTo(withoutIoUring);
        assertThat(Transport.select(Transport.IoUringUse.WHEN_AVAILABLE))
                .isEqualTo(IoUring.isAvailable() ? Transport.IO_URING : withoutIoUring);
    }

    @Test
    void onlyEpollSplices() {
        assertThat(Transport.values()).filteredOn(Transport::canSplice).containsExactly(Transport.EPOLL);
    }

    @Test
    void namesAreTheOnesLogsAndMetricsUse() {
        assertThat(Transport.values()).extracting(Transport::toString).containsExactly("io_uring", "epoll", "nio");
    }
}
