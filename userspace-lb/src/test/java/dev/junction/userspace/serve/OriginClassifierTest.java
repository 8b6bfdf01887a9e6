package dev.junction.userspace.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.userspace.balance.Origin;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OriginClassifierTest {

    private static final InetSocketAddress PROXY_SOCKET = new InetSocketAddress("198.19.0.1", 40001);
    private static final ClusterTraffic TRAFFIC = new ClusterTraffic(List.of(Cidr.parse("198.18.1.0/24")),
            Set.of(IpAddress.parse("198.19.0.1")));
    private static final ServicePort EXTERNAL = ServeFixtures.port("web", Protocol.TCP, "198.18.0.10", 30080,
            new ServicePort.Frontends(List.of(IpAddress.parse("198.19.2.10")), List.of(IpAddress.parse("198.19.1.10")),
                    List.of()), List.of());
    private static final ServicePort CLUSTER_ONLY = ServeFixtures.tcpPort("api", "198.18.0.11", 0, List.of());

    record Case(String name, FrontendKind kind, ServicePort port, String client, Optional<InetSocketAddress> original,
            Origin expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("redirected from the ClusterIP", FrontendKind.REDIRECTED, EXTERNAL, "198.18.1.50",
                        original("198.18.0.10", 80), Origin.INTERNAL),
                new Case("redirected from an externalIP, client outside", FrontendKind.REDIRECTED, EXTERNAL,
                        "198.19.0.2", original("198.19.2.10", 80), Origin.EXTERNAL),
                new Case("redirected from a load-balancer IP, client outside", FrontendKind.REDIRECTED, EXTERNAL,
                        "198.19.0.2", original("198.19.1.10", 80), Origin.EXTERNAL),
                new Case("redirected from a load-balancer IP, client a pod", FrontendKind.REDIRECTED, EXTERNAL,
                        "198.18.1.50", original("198.19.1.10", 80), Origin.EXTERNAL_FROM_CLUSTER),
                new Case("redirected from a load-balancer IP, client the node", FrontendKind.REDIRECTED, EXTERNAL,
                        "198.19.0.1", original("198.19.1.10", 80), Origin.EXTERNAL_FROM_CLUSTER),
                new Case("an external address on another port is not this frontend", FrontendKind.REDIRECTED,
                        EXTERNAL, "198.19.0.2", original("198.19.1.10", 443), Origin.INTERNAL),
                new Case("straight to the proxy port: conntrack answers with the socket itself",
                        FrontendKind.REDIRECTED, EXTERNAL, "198.19.0.2", Optional.of(PROXY_SOCKET), Origin.INTERNAL),
                new Case("conntrack does not know the connection", FrontendKind.REDIRECTED, EXTERNAL, "198.19.0.2",
                        Optional.empty(), Origin.INTERNAL),
                new Case("NodePort from outside", FrontendKind.NODE_PORT, EXTERNAL, "198.19.0.2", Optional.empty(),
                        Origin.EXTERNAL),
                new Case("NodePort from a pod", FrontendKind.NODE_PORT, EXTERNAL, "198.18.1.50", Optional.empty(),
                        Origin.EXTERNAL_FROM_CLUSTER));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void classifies(Case c) {
        assertThat(OriginClassifier.classify(c.kind(), c.port(), IpAddress.parse(c.client()),
                () -> PROXY_SOCKET, c::original, TRAFFIC)).isEqualTo(c.expected());
    }

    @Test
    void aPortWithoutExternalFrontendsNeverAsksConntrackNorTheSocket() {
        AtomicInteger asked = new AtomicInteger();

        Origin origin = OriginClassifier.classify(FrontendKind.REDIRECTED, CLUSTER_ONLY, IpAddress.parse("198.19.0.2"),
                () -> {
                    asked.incrementAndGet();
                    return PROXY_SOCKET;
                }, () -> {
                    asked.incrementAndGet();
                    return Optional.empty();
                }, TRAFFIC);

        assertThat(origin).isEqualTo(Origin.INTERNAL);
        assertThat(asked).hasValue(0);
    }

    private static Optional<InetSocketAddress> original(String ip, int port) {
        return Optional.of(new InetSocketAddress(ip, port));
    }
}
