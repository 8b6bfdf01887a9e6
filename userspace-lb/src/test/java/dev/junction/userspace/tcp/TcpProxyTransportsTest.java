package dev.junction.userspace.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
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
import java.io.InputStream;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TcpProxyTransportsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void relaysAndHalfClosesOnEveryAvailableTransport(Transport transport) throws IOException {
        assumeTrue(transport.isAvailable(), transport + " is not available on this host");
        try (LoopbackBed bed = new LoopbackBed(transport)) {
            var endpoint = bed.echoBackend("b1");
            var port = ServicePorts.port("web", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0,
                    new EndpointSet(List.of(endpoint), List.of(endpoint), List.of(), List.of(endpoint), true));
            EndpointTable table = EndpointTable.build(port, Origin.INTERNAL, TableSettings.DEFAULT,
                    new EndpointStates(HealthPolicy.DEFAULT));
            int proxy = bed.proxy(() -> table, TcpProxySettings.DEFAULT,
                    new LoopbackBed.LongTicker());

            try (Socket socket = LoopbackBed.connect(proxy)) {
                InputStream in = socket.getInputStream();
                assertThat(LoopbackBed.readLine(in)).isEqualTo("b1");
                socket.getOutputStream().write("over ".concat(transport.toString()).getBytes(US_ASCII));
                socket.shutdownOutput();

                assertThat(new String(in.readAllBytes(), US_ASCII)).isEqualTo("over " + transport);
            }
        }
    }
}
