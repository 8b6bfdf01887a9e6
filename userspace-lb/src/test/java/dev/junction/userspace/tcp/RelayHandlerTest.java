package dev.junction.userspace.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePortName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayHandlerTest {

    private static final RelayName CONTEXT = new RelayName(
            new ServicePortName(new ObjectRef("ns1", "web"), "http", Protocol.TCP),
            new Endpoint(IpAddress.parse("198.18.1.1"), 8080, true, true, true, false, Set.of(), Set.of()));
    private static final Duration IDLE = Duration.ofSeconds(30);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Counter upstream = registry.counter("up");
    private final Counter downstream = registry.counter("down");
    private final EmbeddedChannel client = new EmbeddedChannel();
    private final EmbeddedChannel backend = new EmbeddedChannel();

    RelayHandlerTest() {
        client.freezeTime();
        RelayIdleTimer idle = RelayIdleTimer.start(client, backend, IDLE.toNanos(), CONTEXT);
        client.pipeline().addLast(new RelayHandler(backend, upstream, idle, CONTEXT));
        backend.pipeline().addLast(new RelayHandler(client, downstream, idle, CONTEXT));
    }

    @AfterEach
    void bothChannelsEndClean() {
        client.close();
        backend.close();
        // No payload may be left unread.
        assertThat(drain(client)).isEmpty();
        assertThat(drain(backend)).isEmpty();
        assertFalse(client.finish());
        assertFalse(backend.finish());
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, US_ASCII);
    }

    private static String drain(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            text.append(buf.toString(US_ASCII));
            buf.release();
        }
        return text.toString();
    }

    @Test
    void relaysBothWaysAndCountsBytes() {
        client.writeInbound(bytes("GET / HTTP/1.1\r\n"));
        backend.writeInbound(bytes("HTTP/1.1 200 OK\r\n"));

        assertThat(drain(backend)).isEqualTo("GET / HTTP/1.1\r\n");
        assertThat(drain(client)).isEqualTo("HTTP/1.1 200 OK\r\n");
        assertThat(upstream.count()).isEqualTo(16);
        assertThat(downstream.count()).isEqualTo(17);
    }

    @Test
    void stopsReadingWhileThePeerIsFullAndResumesWhenItDrains() {
        backend.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));

        client.pipeline().fireChannelRead(bytes("0123456789"));
        client.pipeline().fireChannelRead(bytes("0123456789"));

        assertThat(backend.isWritable()).isFalse();
        assertThat(client.config().isAutoRead()).isFalse();

        client.pipeline().fireChannelReadComplete();

        assertThat(client.config().isAutoRead()).isTrue();
        assertThat(drain(backend)).isEqualTo("01234567890123456789");
    }

    @Test
    void closingOneSideClosesTheOtherAfterFlushing() {
        client.writeInbound(bytes("last words"));

        client.close();

        assertThat(backend.isActive()).isFalse();
        assertThat(drain(backend)).isEqualTo("last words");
    }

    @Test
    void endOfInputOnAPeerThatCannotHalfCloseClosesIt() {
        client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

        assertThat(backend.isActive()).isFalse();
    }

    @Test
    void closesBothSidesOnceNeitherHasReadForTheIdleTimeout() {
        client.advanceTimeBy(20, TimeUnit.SECONDS);
        backend.writeInbound(bytes("still talking"));
        client.advanceTimeBy(29, TimeUnit.SECONDS);
        client.runScheduledPendingTasks();
        assertThat(client.isActive()).isTrue();

        client.advanceTimeBy(1, TimeUnit.SECONDS);
        client.runScheduledPendingTasks();
        assertThat(client.isActive()).isFalse();
        assertThat(backend.isActive()).isFalse();
        assertThat(drain(client)).isEqualTo("still talking");
    }

    @Test
    void theIdleTimerStopsOnceBothSidesHaveClosed() {
        // Through the unsafe, because EmbeddedChannel.close() would cancel every scheduled task itself.
        client.unsafe().close(client.voidPromise());

        assertThat(backend.isActive()).isFalse();
        // -1: nothing is scheduled any more, so a closed connection is not held until the timeout.
        assertThat(client.runScheduledPendingTasks()).isEqualTo(-1);
    }

    @Test
    void anErrorClosesBothSides() {
        backend.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat(backend.isActive()).isFalse();
        assertThat(client.isActive()).isFalse();
    }
}
