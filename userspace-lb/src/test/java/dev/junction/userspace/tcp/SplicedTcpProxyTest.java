package dev.junction.userspace.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.config.UserspaceTransport;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every {@link TcpProxyTest} again on native epoll, where TCP relays with the {@link SplicedRelay} (the transport
 * where io_uring is not allowed; many container runtimes forbid it): bytes, half-closes, backpressure, idle timeouts
 * and faults must behave exactly as with the copying relay.
 */
class SplicedTcpProxyTest extends TcpProxyTest {

    @BeforeEach
    void needsEpoll() {
        assumeTrue(Epoll.isAvailable(), "native epoll does not load here: " + Epoll.unavailabilityCause());
    }

    @Override
    UserspaceTransport transport() {
        return UserspaceTransport.EPOLL;
    }

    @Test
    void holdsPipesOnlyWhileBytesMoveAndReusesThemAcrossConnections() throws IOException {
        int port = proxy(table(bed.echoBackend("b1")), SETTINGS);
        long before = LoopbackBed.settledPipeEnds();

        try (Socket idle = LoopbackBed.connect(port)) {
            assertThat(LoopbackBed.readLine(idle.getInputStream())).isEqualTo("b1");
            // The greeting went through a pipe, which went back to the event loop's pool once drained.
            assertThat(LoopbackBed.openPipeEnds()).as("pipe ends").isGreaterThan(before);
            for (int i = 0; i < 20; i++) {
                assertThat(greetingThrough(port)).isEqualTo("b1");
            }
            // One connection at a time, two directions: at most two pipes ever, reused by every connection.
            assertThat(LoopbackBed.openPipeEnds()).as("pipe ends").isBetween(before + 2, before + 4);
        }
        await().until(() -> bed.registry.get("junction.userspace.connections.active").gauge().value() == 0);

        bed.close();
        await("the pool closes its pipes with its event loop").until(() -> LoopbackBed.openPipeEnds() == before);
    }
}
