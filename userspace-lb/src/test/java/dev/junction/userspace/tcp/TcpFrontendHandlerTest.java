package dev.junction.userspace.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.testing.ServicePorts;
import dev.junction.userspace.UserspaceMeters;
import dev.junction.userspace.balance.BalanceMode;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The frontend on an embedded client channel, for what real sockets cannot stage on demand. */
class TcpFrontendHandlerTest {

    private static final IpAddress CLIENT = IpAddress.parse("198.19.0.7");

    /**
     * A client whose channel class cannot make another channel, as when {@code socket()} fails for want of
     * descriptors: the frontend opens endpoint sockets of its client's class.
     */
    static final class NoDescriptorsChannel extends EmbeddedChannel {

        public NoDescriptorsChannel() {
            throw new IllegalStateException("socket: Too many open files");
        }

        NoDescriptorsChannel(ChannelHandler handler) {
            super(handler);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress(CLIENT.inet(), 40_000);
        }
    }

    @Test
    void aClientIsClosedWithoutBlamingTheEndpointWhenNoSocketCanBeOpened() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Endpoint endpoint = new Endpoint(IpAddress.parse("198.18.1.1"), 8080, false, true, true, false, Set.of(),
                Set.of());
        List<Endpoint> endpoints = List.of(endpoint);
        EndpointTable table = EndpointTable.build(
                ServicePorts.port("web", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0,
                        new EndpointSet(endpoints, endpoints, List.of(), endpoints, true)),
                Origin.INTERNAL, TableSettings.of(BalanceMode.ROUND_ROBIN),
                new EndpointStates(new HealthPolicy(1, Duration.ofSeconds(10))));
        TcpProxyInitializer proxy = new TcpProxyInitializer(() -> table,
                new TcpProxySettings(Duration.ofSeconds(2), 3, Duration.ofMinutes(1)),
                UserspaceMeters.bindTo(registry, "tcp"), () -> 0);

        NoDescriptorsChannel client = new NoDescriptorsChannel(proxy);

        assertThat(client.isOpen()).isFalse();
        assertThat(registry.get("junction.userspace.connect.errors").counter().count()).isEqualTo(1);
        // One strike ejects under this policy: the endpoint is still a candidate, so none was recorded.
        assertThat(table.candidates(CLIENT, 0, 1)).extracting(state -> state.endpoint()).containsExactly(endpoint);
        assertThat(registry.get("junction.userspace.endpoint.ejections").counter().count()).isZero();
    }
}
