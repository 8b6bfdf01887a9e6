package dev.junction.userspace.udp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.userspace.NoDescriptorsChannel;
import dev.junction.userspace.OneEndpoint;
import dev.junction.userspace.UserspaceMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The frontend on an embedded listener channel, for what real sockets cannot stage on demand. */
class UdpFrontendHandlerTest {

    @Test
    void aDatagramIsDroppedWithoutBlamingTheEndpointWhenNoSocketCanBeOpened() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OneEndpoint service = new OneEndpoint();
        UdpFrontendHandler frontend = new UdpFrontendHandler(FlowTables.same(service::table),
                new UdpProxySettings(Duration.ofMinutes(1), 100, 16), UserspaceMeters.bindTo(registry, "udp"),
                () -> 0);
        NoDescriptorsChannel listener = new NoDescriptorsChannel(OneEndpoint.FRONTEND, null, frontend);
        ByteBuf payload = ByteBufAllocator.DEFAULT.buffer().writeInt(42);

        listener.writeInbound(new DatagramPacket(payload, OneEndpoint.FRONTEND, OneEndpoint.CLIENT));

        assertThat(payload.refCnt()).as("the datagram was released, not queued for a flow").isZero();
        assertThat(registry.get("junction.userspace.connect.errors").counter().count()).isEqualTo(1);
        assertThat(registry.get("junction.userspace.connections").counter().count()).as("flows opened").isZero();
        assertThat(service.isStillCandidate()).isTrue();
        assertThat(listener.isOpen()).as("the listener goes on serving other clients").isTrue();
        assertThat(listener.finish()).isFalse();
    }
}
