package dev.junction.core.health;

import static dev.junction.core.health.ServiceHealthFixtures.API;
import static dev.junction.core.health.ServiceHealthFixtures.WEB;
import static dev.junction.core.health.ServiceHealthFixtures.local;
import static dev.junction.core.health.ServiceHealthFixtures.localNotReady;
import static dev.junction.core.health.ServiceHealthFixtures.localTerminating;
import static dev.junction.core.health.ServiceHealthFixtures.port;
import static dev.junction.core.health.ServiceHealthFixtures.remote;
import static dev.junction.core.health.ServiceHealthFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.snapshot.ServicePort;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceHealthCheckTest {

    record Case(String name, List<ServicePort> ports, List<ServiceHealthCheck> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no Service has a healthCheckNodePort: nothing to serve",
                        List.of(port(WEB, "http", 0, local("198.18.2.1"))), List.of()),
                new Case("a Service without local endpoints is still served, with 0",
                        List.of(port(WEB, "http", 31000, remote("198.18.2.1"))),
                        List.of(new ServiceHealthCheck(WEB, 31000, 0))),
                new Case("local ready endpoints count; remote ones do not",
                        List.of(port(WEB, "http", 31000, local("198.18.2.1"), local("198.18.2.2"),
                                remote("198.18.2.3"))),
                        List.of(new ServiceHealthCheck(WEB, 31000, 2))),
                new Case("not-ready local endpoints do not count",
                        List.of(port(WEB, "http", 31000, local("198.18.2.1"), localNotReady("198.18.2.2"))),
                        List.of(new ServiceHealthCheck(WEB, 31000, 1))),
                new Case("terminating local endpoints do not count, even when still ready",
                        List.of(port(WEB, "http", 31000, localTerminating("198.18.2.1"))),
                        List.of(new ServiceHealthCheck(WEB, 31000, 0))),
                new Case("an address serving two ports of the Service counts once",
                        List.of(port(WEB, "http", 31000, local("198.18.2.1", 8080), local("198.18.2.2", 8080)),
                                port(WEB, "https", 31000, local("198.18.2.1", 8443))),
                        List.of(new ServiceHealthCheck(WEB, 31000, 2))),
                new Case("an address serving two target ports of one Service port counts once",
                        List.of(port(WEB, "http", 31000, local("198.18.2.1", 8080), local("198.18.2.1", 8081))),
                        List.of(new ServiceHealthCheck(WEB, 31000, 1))),
                new Case("a dual-stack Service counts the family with more local endpoints",
                        List.of(port(WEB, "http", 31000, local("198.18.2.1"), local("198.18.2.2")),
                                port(WEB, "http", 31000, local("fd00:198:18::2:1"))),
                        List.of(new ServiceHealthCheck(WEB, 31000, 2))),
                new Case("each Service counts only its own endpoints, with its own port",
                        List.of(port(WEB, "http", 31000, local("198.18.2.1")),
                                port(API, "grpc", 31001, local("198.18.2.1"), local("198.18.2.7"))),
                        List.of(new ServiceHealthCheck(WEB, 31000, 1), new ServiceHealthCheck(API, 31001, 2))),
                new Case("a Service with externalTrafficPolicy Cluster is left out beside one with Local",
                        List.of(port(WEB, "http", 31000, local("198.18.2.1")),
                                port(API, "grpc", 0, local("198.18.2.7"))),
                        List.of(new ServiceHealthCheck(WEB, 31000, 1))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void countsLocalReadyEndpointsPerService(Case c) {
        var checks = ServiceHealthCheck.of(snapshot(c.ports().toArray(ServicePort[]::new)));

        assertThat(List.copyOf(checks.values())).containsExactlyElementsOf(c.expected());
        checks.forEach((service, check) -> assertThat(check.service()).isEqualTo(service));
    }
}
