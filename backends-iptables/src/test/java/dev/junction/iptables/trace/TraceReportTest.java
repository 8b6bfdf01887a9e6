package dev.junction.iptables.trace;

import static dev.junction.iptables.compile.SnapshotFixtures.servicePort;
import static dev.junction.iptables.compile.SnapshotFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.IptablesCompiler;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The human-readable trace: verdict wording, endpoint chances from the compiled probabilities, masquerade. */
class TraceReportTest {

    static final ClusterSnapshot SNAPSHOT = snapshot(
            servicePort("ns1", "one", "p").clusterIp("198.18.0.1").port(80).endpoint("198.18.128.1", 8080).build(),
            servicePort("ns1", "three", "p").clusterIp("198.18.0.3").port(80).endpoint("198.18.128.31", 8080)
                    .endpoint("198.18.128.32", 8080).endpoint("198.18.128.33", 8080).build(),
            servicePort("ns1", "none", "p").clusterIp("198.18.0.9").port(80).build());
    static final String NODE_IP = "198.19.200.1";

    record Case(String name, Packet.Origin origin, String source, String destination, List<String> expectedLines) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("one endpoint takes all traffic", Packet.Origin.POD, "198.18.128.99", "198.18.0.1",
                        List.of("packet:     tcp 198.18.128.99 -> 198.18.0.1:80, from a pod",
                                "verdict:    ACCEPT: DNAT to the only endpoint",
                                "endpoints:  198.18.128.1:8080  (100.0%)",
                                "masquerade: no (the endpoint sees the client's address)")),
                new Case("three endpoints share it evenly", Packet.Origin.POD, "198.18.128.99", "198.18.0.3",
                        List.of("verdict:    ACCEPT: DNAT to one of 3 endpoints",
                                "endpoints:  198.18.128.31:8080  (33.3%)",
                                "            198.18.128.32:8080  (33.3%)",
                                "            198.18.128.33:8080  (33.3%)")),
                new Case("the node's own traffic is masqueraded", Packet.Origin.NODE, NODE_IP, "198.18.0.1",
                        List.of("masquerade: yes (the endpoint sees this node's address as the source)")),
                new Case("no endpoints is rejected", Packet.Origin.POD, "198.18.128.99", "198.18.0.9",
                        List.of("verdict:    REJECT: the Service has no endpoints (the client sees connection"
                                + " refused)")),
                new Case("an unknown address is not ours", Packet.Origin.POD, "198.18.128.99", "198.18.0.77",
                        List.of("verdict:    no match: no Junction rule takes this packet; the kernel routes it"
                                + " unchanged", "masquerade: no")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void formatsTheTrace(Case c) {
        CompilerOptions options = CompilerOptions.builder().clusterCidrs(List.of(Cidr.parse("198.18.128.0/17"))).nodeIps(List.of(IpAddress.parse(NODE_IP))).build();
        PacketTracer tracer = new PacketTracer(new IptablesCompiler().compile(SNAPSHOT, IpFamily.IPV4, options),
                List.of(IpAddress.parse(NODE_IP)));
        Packet packet = new Packet(IpAddress.parse(c.source()), IpAddress.parse(c.destination()), 80, Protocol.TCP,
                c.origin());

        String report = TraceReport.format(packet, tracer.trace(packet));

        assertThat(report.lines()).containsAll(c.expectedLines());
        if (!tracer.trace(packet).matched().isEmpty()) {
            assertThat(report).contains("rules matched, in order:\n  1. -A ");
        }
    }
}
