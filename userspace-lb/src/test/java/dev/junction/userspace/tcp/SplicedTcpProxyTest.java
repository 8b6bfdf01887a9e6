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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every {@link TcpProxyTest} again with the {@link SplicedRelay}: bytes, half-closes, backpressure, idle timeouts and
 * faults must behave exactly as with the copying relay.
 */
class SplicedTcpProxyTest extends TcpProxyTest {

    @BeforeEach
    void needsEpoll() {
        assumeTrue(Epoll.isAvailable(), "native epoll does not load here: " + Epoll.unavailabilityCause());
    }

    @Override
    UserspaceTransport transport() {
        return UserspaceTransport.EPOLL_SPLICE;
    }

    @Test
    void relaysThroughTwoPipesPerConnectionAndClosesThemWithIt() throws IOException {
        int port = proxy(table(bed.echoBackend("b1")), SETTINGS);
        long before = openPipeEnds();

        try (Socket socket = LoopbackBed.connect(port)) {
            InputStream in = socket.getInputStream();
            assertThat(LoopbackBed.readLine(in)).isEqualTo("b1");
            socket.getOutputStream().write("ping\n".getBytes(US_ASCII));
            assertThat(LoopbackBed.readLine(in)).isEqualTo("ping");

            assertThat(openPipeEnds()).isEqualTo(before + 4);
        }
        await().until(() -> bed.registry.get("junction.userspace.connections.active").gauge().value() == 0);
        await().until(() -> openPipeEnds() == before);
    }

    /** Pipe ends this process holds open, as /proc lists its descriptors. */
    private static long openPipeEnds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
