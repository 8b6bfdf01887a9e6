package dev.junction.userspace.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.testing.ServicePorts;
import dev.junction.userspace.Transport;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UdpProxyTransportsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void relaysFlowsOnEveryAvailableTransport(Transport transport) throws IOException {
        assumeTrue(transport.isAvailable(), transport + " is not available on this host");
        try (UdpLoopbackBed bed = new UdpLoopbackBed(transport)) {
            var endpoint = bed.echoEndpoint("e1");
            var port = ServicePorts.port("dns", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0,
                    new EndpointSet(List.of(endpoint), List.of(endpoint), List.of(), List.of(endpoint), true));
            EndpointTable table = EndpointTable.build(port, Origin.INTERNAL, TableSettings.DEFAULT,
                    new EndpointStates(HealthPolicy.DEFAULT));
            InetSocketAddress proxy = bed.proxy(() -> table, UdpProxySettings.DEFAULT, () -> 0);
            DatagramSocket client = bed.client();

            for (int i = 0; i < 3; i++) {
                UdpLoopbackBed.send(client, proxy, "q" + i);
                assertThat(UdpLoopbackBed.receive(client, proxy)).isEqualTo("e1:q" + i);
            }
            assertThat(bed.active()).isEqualTo(1);
        }
    }
}
