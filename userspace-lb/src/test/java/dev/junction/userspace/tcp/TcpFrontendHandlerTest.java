package dev.junction.userspace.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.userspace.NoDescriptorsChannel;
import dev.junction.userspace.OneEndpoint;
import dev.junction.userspace.UserspaceMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The frontend on an embedded client channel, for what real sockets cannot stage on demand. */
class TcpFrontendHandlerTest {

    @Test
    void aClientIsClosedWithoutBlamingTheEndpointWhenNoSocketCanBeOpened() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OneEndpoint service = new OneEndpoint();
        TcpProxyInitializer proxy = new TcpProxyInitializer(ConnectionRouter.to(new TcpProxy(service::table,
                new TcpProxySettings(Duration.ofSeconds(2), 3, Duration.ofMinutes(1)),
                UserspaceMeters.bindTo(registry, "tcp"), () -> 0, RelayTracker.NONE)));

        NoDescriptorsChannel client = new NoDescriptorsChannel(OneEndpoint.FRONTEND, OneEndpoint.CLIENT, proxy);

        assertThat(client.isOpen()).isFalse();
        assertThat(registry.get("junction.userspace.connect.errors").counter().count()).isEqualTo(1);
        assertThat(service.isStillCandidate()).isTrue();
        assertThat(registry.get("junction.userspace.endpoint.ejections").counter().count()).isZero();
    }
}
