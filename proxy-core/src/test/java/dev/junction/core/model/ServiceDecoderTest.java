package dev.junction.core.model;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.model.ServiceInfo.ServiceFrontends;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceDecoderTest {

    record Valid(String name, Service input, Function<ServiceInfo, Object> field, Object expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Valid> valid() {
        return Stream.of(
                new Valid("a dual-stack Service keeps both ClusterIPs, primary first",
                        service("ns1", "web").clusterIp("fd00:198:18::10", "198.18.0.10").port("http", 80).build(),
                        ServiceInfo::clusterIps, List.of(ip("fd00:198:18::10"), ip("198.18.0.10"))),
                new Valid("a Service with only the older clusterIP field uses it",
                        service("ns1", "web").legacyClusterIp("198.18.0.10").build(),
                        ServiceInfo::clusterIps, List.of(ip("198.18.0.10"))),
                new Valid("a leading-zero ClusterIP is read as decimal and normalised, as ParseIPSloppy does",
                        service("ns1", "web").clusterIp("198.018.000.010").build(),
                        ServiceInfo::clusterIps, List.of(ip("198.18.0.10"))),
                new Valid("clusterIP None is headless, with no ClusterIP",
                        service("ns1", "web").headless().port("http", 80).build(),
                        s -> List.of(s.headless(), s.clusterIps()), List.of(true, List.of())),
                new Valid("an empty clusterIP leaves a kept Service without ClusterIP",
                        service("ns1", "web").legacyClusterIp("").build(),
                        s -> List.of(s.headless(), s.clusterIps()), List.of(false, List.of())),
                new Valid("an ExternalName Service keeps its name and ignores any ClusterIP",
                        service("ns1", "web").clusterIp("198.18.0.10").externalName("db.example.org").build(),
                        s -> List.of(s.type(), s.externalName(), s.clusterIps()),
                        List.of(ServiceType.EXTERNAL_NAME, "db.example.org", List.of())),
                new Valid("a port without protocol is TCP, SCTP is kept, nodePorts are kept",
                        service("ns1", "web").clusterIp("198.18.0.10").type("NodePort")
                                .port("http", 80, null, 30080).port("sig", 9000, "SCTP", null).build(),
                        ServiceInfo::ports, List.of(new PortInfo("http", Protocol.TCP, 80, 30080),
                                new PortInfo("sig", Protocol.SCTP, 9000, 0))),
                new Valid("load-balancer ingress of ipMode Proxy and hostname-only entries are skipped",
                        service("ns1", "web").clusterIp("198.18.0.10").type("LoadBalancer")
                                .loadBalancerIngress("198.18.5.1", "VIP").loadBalancerIngress("198.18.5.2", "Proxy")
                                .loadBalancerIngress("198.18.5.3").loadBalancerIngress(null).build(),
                        s -> s.frontends().loadBalancerIps(), List.of(ip("198.18.5.1"), ip("198.18.5.3"))),
                new Valid("source ranges are trimmed of white space",
                        service("ns1", "web").clusterIp("198.18.0.10").sourceRanges(" 198.18.0.0/16 ", "fd00::/8")
                                .build(),
                        s -> s.frontends().loadBalancerSourceRanges(),
                        List.of(Cidr.parse("198.18.0.0/16"), Cidr.parse("fd00::/8"))),
                new Valid("the source-ranges annotation is ignored, as kube-proxy ignores it",
                        service("ns1", "web").clusterIp("198.18.0.10").type("LoadBalancer")
                                .annotation("service.beta.kubernetes.io/load-balancer-source-ranges", "198.18.0.0/16")
                                .build(),
                        s -> s.frontends().loadBalancerSourceRanges(), List.of()),
                new Valid("a LoadBalancer with externalTrafficPolicy Local keeps its healthCheckNodePort",
                        lb("LoadBalancer", "Local"), s -> s.policies().healthCheckNodePort(), 32000),
                new Valid("a NodePort Service with externalTrafficPolicy Local serves no health check",
                        lb("NodePort", "Local"), s -> s.policies().healthCheckNodePort(), 0),
                new Valid("a LoadBalancer with externalTrafficPolicy Cluster serves no health check",
                        lb("LoadBalancer", "Cluster"), s -> s.policies().healthCheckNodePort(), 0),
                new Valid("traffic policies are read",
                        service("ns1", "web").clusterIp("198.18.0.10").type("NodePort").externalTrafficPolicy("Local")
                                .internalTrafficPolicy("Local").build(),
                        s -> List.of(s.policies().externalTrafficPolicy(), s.policies().internalTrafficPolicy()),
                        List.of(TrafficPolicy.LOCAL, TrafficPolicy.LOCAL)),
                new Valid("ClientIP affinity without a config gets the default timeout of 10800 s",
                        service("ns1", "web").clusterIp("198.18.0.10").sessionAffinity("ClientIP", null).build(),
                        s -> s.policies().sessionAffinity(), SessionAffinity.clientIp(10_800)),
                new Valid("ClientIP affinity keeps its configured timeout",
                        service("ns1", "web").clusterIp("198.18.0.10").sessionAffinity("ClientIP", 60).build(),
                        s -> s.policies().sessionAffinity(), SessionAffinity.clientIp(60)),
                new Valid("affinity None is no affinity",
                        service("ns1", "web").clusterIp("198.18.0.10").sessionAffinity("None", null).build(),
                        s -> s.policies().sessionAffinity(), SessionAffinity.NONE),
                new Valid("publishNotReadyAddresses and trafficDistribution are kept for DNS and topology",
                        service("ns1", "web").clusterIp("198.18.0.10").publishNotReadyAddresses()
                                .trafficDistribution("PreferClose").build(),
                        s -> List.of(s.publishNotReadyAddresses(), s.trafficDistribution()),
                        List.of(true, "PreferClose")),
                new Valid("the service-proxy-name label is kept, so that a proxy can leave the Service alone",
                        service("ns1", "web").clusterIp("198.18.0.10")
                                .label("service.kubernetes.io/service-proxy-name", "other").build(),
                        ServiceInfo::serviceProxyName, "other"),
                new Valid("an empty service-proxy-name label still names a proxy",
                        service("ns1", "web").clusterIp("198.18.0.10")
                                .label("service.kubernetes.io/service-proxy-name", "").build(),
                        ServiceInfo::serviceProxyName, "(empty)"),
                new Valid("without the label no other proxy is named",
                        service("ns1", "web").clusterIp("198.18.0.10").build(),
                        ServiceInfo::serviceProxyName, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void decodesValidServices(Valid c) throws InvalidObjectException {
        Decoded<ServiceInfo> decoded = ServiceDecoder.decode(c.input());

        assertThat(c.field().apply(decoded.value())).isEqualTo(c.expected());
        assertThat(decoded.dropped()).isEmpty();
        assertThat(decoded.value().ref()).isEqualTo(new ObjectRef("ns1", "web"));
    }

    record Invalid(String name, Service input, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalid() {
        return Stream.of(
                new Invalid("a port above 65535 rejects the Service",
                        service("ns1", "web").clusterIp("198.18.0.10").port("http", 80).port("big", 70_000).build(),
                        "Service ns1/web spec.ports[1].port: 70000 (expected: 1-65535)"),
                new Invalid("a port without number rejects the Service",
                        service("ns1", "web").clusterIp("198.18.0.10").port("http", null, "TCP", null).build(),
                        "Service ns1/web spec.ports[0].port: null (expected: 1-65535)"),
                new Invalid("a nodePort above 65535 rejects the Service",
                        service("ns1", "web").clusterIp("198.18.0.10").port("http", 80, "TCP", 65_536).build(),
                        "Service ns1/web spec.ports[0].nodePort: 65536 (expected: 0-65535)"),
                new Invalid("an unknown protocol rejects the Service",
                        service("ns1", "web").clusterIp("198.18.0.10").port("ping", 7, "ICMP").build(),
                        "Service ns1/web spec.ports[0].protocol: \"ICMP\" (expected: TCP, UDP or SCTP)"),
                new Invalid("an unparsable ClusterIP rejects the Service",
                        service("ns1", "web").clusterIp("198.18.0.300").build(),
                        "Service ns1/web spec.clusterIPs[0]: \"198.18.0.300\" (expected: an IPv4 or IPv6 address)"),
                new Invalid("an unparsable legacy clusterIP names that field",
                        service("ns1", "web").legacyClusterIp("web.example").build(),
                        "Service ns1/web spec.clusterIP: \"web.example\" (expected: an IPv4 or IPv6 address)"),
                new Invalid("two ClusterIPs of one family reject the Service",
                        service("ns1", "web").clusterIp("198.18.0.10", "198.18.0.11").build(),
                        "Service ns1/web spec.clusterIPs[1]: \"198.18.0.11\" (expected: at most one address per IP"
                                + " family)"),
                new Invalid("an unknown type rejects the Service",
                        service("ns1", "web").clusterIp("198.18.0.10").type("Ingress").build(),
                        "Service ns1/web spec.type: \"Ingress\" (expected: ClusterIP, NodePort, LoadBalancer or"
                                + " ExternalName)"),
                new Invalid("an unknown traffic policy rejects the Service",
                        service("ns1", "web").clusterIp("198.18.0.10").internalTrafficPolicy("Nearest").build(),
                        "Service ns1/web spec.internalTrafficPolicy: \"Nearest\" (expected: Cluster or Local)"),
                new Invalid("an affinity timeout above a day rejects the Service",
                        service("ns1", "web").clusterIp("198.18.0.10").sessionAffinity("ClientIP", 86_401).build(),
                        "Service ns1/web spec.sessionAffinityConfig.clientIP.timeoutSeconds: 86401 (expected:"
                                + " 1-86400)"),
                new Invalid("an unknown affinity rejects the Service",
                        service("ns1", "web").clusterIp("198.18.0.10").sessionAffinity("Cookie", null).build(),
                        "Service ns1/web spec.sessionAffinity: \"Cookie\" (expected: None or ClientIP)"),
                new Invalid("a Service without a name is rejected",
                        service("ns1", null).clusterIp("198.18.0.10").build(),
                        "Service ns1/ metadata.name: null (expected: a non-empty name)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidServices(Invalid c) {
        assertThatThrownBy(() -> ServiceDecoder.decode(c.input()))
                .isInstanceOf(InvalidObjectException.class)
                .hasMessage(c.message());
    }

    record Dropped(String name, Service input, ServiceFrontends kept, List<String> problems) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Dropped> dropped() {
        return Stream.of(
                new Dropped("an unparsable externalIP is dropped alone",
                        service("ns1", "web").clusterIp("198.18.0.10").externalIps("198.18.4.1", "nope").build(),
                        new ServiceFrontends(List.of(ip("198.18.4.1")), List.of(), List.of()),
                        List.of("Service ns1/web spec.externalIPs[1]: \"nope\" (expected: an IPv4 or IPv6 address)")),
                new Dropped("an unparsable load-balancer IP is dropped alone",
                        service("ns1", "web").clusterIp("198.18.0.10").type("LoadBalancer")
                                .loadBalancerIngress("198.18.5.300").loadBalancerIngress("198.18.5.1").build(),
                        new ServiceFrontends(List.of(), List.of(ip("198.18.5.1")), List.of()),
                        List.of("Service ns1/web status.loadBalancer.ingress[0].ip: \"198.18.5.300\" (expected: an"
                                + " IPv4 or IPv6 address)")),
                new Dropped("an unparsable source range is dropped alone",
                        service("ns1", "web").clusterIp("198.18.0.10").sourceRanges("198.18.0.0/33", "198.18.0.0/16")
                                .build(),
                        new ServiceFrontends(List.of(), List.of(), List.of(Cidr.parse("198.18.0.0/16"))),
                        List.of("Service ns1/web spec.loadBalancerSourceRanges[0]: \"198.18.0.0/33\" (expected: a"
                                + " CIDR such as 198.18.0.0/15)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dropped")
    void dropsBadListEntriesOneByOne(Dropped c) throws InvalidObjectException {
        Decoded<ServiceInfo> decoded = ServiceDecoder.decode(c.input());

        assertThat(decoded.value().frontends()).isEqualTo(c.kept());
        assertThat(decoded.dropped()).map(FieldProblem::toString).isEqualTo(c.problems());
    }

    private static Service lb(String type, String externalPolicy) {
        return service("ns1", "web").clusterIp("198.18.0.10").type(type).port("http", 80, "TCP", 30080)
                .externalTrafficPolicy(externalPolicy).healthCheckNodePort(32000).build();
    }

    static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }
}
