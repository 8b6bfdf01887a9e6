package dev.junction.userspace.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.userspace.Transport;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import java.net.Socket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every {@link TcpProxyTest} again with the zero-copy relay, plus what only splicing can get wrong. */
class SplicedTcpProxyTest extends TcpProxyTest {

    @BeforeEach
    void needsEpoll() {
        assumeTrue(Epoll.isAvailable(), "splice needs the epoll transport: " + Epoll.unavailabilityCause());
    }

    @Override
    Transport transport() {
        return Transport.EPOLL;
    }

    @Override
    TcpRelay relay() {
        return TcpRelay.SPLICE;
    }

    private static long openPipes() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        }
    }

    @Test
    void bytesGoThroughKernelPipes() throws IOException {
        int port = proxy(table(bed.echoBackend("b1")), SETTINGS);
        long before = openPipes();

        try (Socket socket = LoopbackBed.connect(port)) {
            InputStream in = socket.getInputStream();
            assertThat(LoopbackBed.readLine(in)).isEqualTo("b1");
            socket.getOutputStream().write("ping\n".getBytes(US_ASCII));
            assertThat(LoopbackBed.readLine(in)).isEqualTo("ping");

            // One pipe (two descriptors) per direction, made by the first splice each way.
            assertThat(openPipes() - before).isEqualTo(4);
        }
        await().until(() -> openPipes() == before);
    }

    @Test
    void aConnectionInUseOutlivesTheIdleTimeout() throws IOException {
        Duration idle = Duration.ofMillis(400);
        int port = proxy(table(bed.echoBackend("b1")), new TcpProxySettings(Duration.ofSeconds(2), 3, idle));

        try (Socket socket = LoopbackBed.connect(port)) {
            InputStream in = socket.getInputStream();
            assertThat(LoopbackBed.readLine(in)).isEqualTo("b1");

            await().pollInterval(Duration.ofMillis(100)).during(idle.multipliedBy(3)).atMost(idle.multipliedBy(5))
                    .until(() -> {
                        socket.getOutputStream().write("ping\n".getBytes(US_ASCII));
                        return "ping".equals(LoopbackBed.readLine(in));
                    });
        }
    }
}
