package dev.junction.core.conntrack;

import static dev.junction.core.conntrack.Fixtures.flow;
import static dev.junction.core.conntrack.Fixtures.port;
import static dev.junction.core.conntrack.Fixtures.snapshot;
import static dev.junction.core.conntrack.Fixtures.udp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.conntrack.Fixtures.Condition;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Mirrors kube-proxy's {@code TestCleanStaleEntries} matrix, then the cases around it. */
class StaleFlowSelectorTest {

    private static final String CLUSTER_IP = "198.18.100.1";
    private static final String EXTERNAL_IP = "198.19.99.100";
    private static final String LOAD_BALANCER_IP = "198.19.3.4";
    private static final String NODE_IP = "198.18.0.1";

    private static final String SERVING_ENDPOINT = "198.18.200.4";
    private static final String NON_SERVING_ENDPOINT = "198.18.201.5";
    private static final String DELETED_ENDPOINT = "198.18.202.6";

    private static final int OLD_ENDPOINT_PORT = 8080;
    private static final int ENDPOINT_PORT = 9090;
    private static final int SERVICE_PORT = 8000;
    private static final int NODE_PORT = 32_000;
    private static final int NON_SERVICE_PORT = 3000;

    /** Upstream's Service: one port per protocol, same numbers, a NodePort on UDP and SCTP. */
    private static final ClusterSnapshot UPSTREAM = snapshot(
            upstreamPort(Protocol.TCP, 0), upstreamPort(Protocol.UDP, NODE_PORT), upstreamPort(Protocol.SCTP, NODE_PORT));

    private static ServicePort upstreamPort(Protocol protocol, int nodePort) {
        return port("cleanup-test", protocol, CLUSTER_IP, SERVICE_PORT)
                .nodePort(nodePort)
                .externalIp(EXTERNAL_IP)
                .loadBalancerIp(LOAD_BALANCER_IP)
                .endpoint(SERVING_ENDPOINT, ENDPOINT_PORT, Condition.READY)
                .endpoint(NON_SERVING_ENDPOINT, ENDPOINT_PORT, Condition.NOT_SERVING)
                .build();
    }

    record Row(String name, ConntrackFlow flow, boolean stale) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> upstreamMatrix() {
        List<Row> rows = new ArrayList<>();
        for (String frontend : List.of(CLUSTER_IP, LOAD_BALANCER_IP, EXTERNAL_IP)) {
            rows.add(new Row("udp to " + frontend + ":service port, endpoint moved from port 8080 to 9090: stale",
                    udp(frontend, SERVICE_PORT, SERVING_ENDPOINT, OLD_ENDPOINT_PORT), true));
        }
        for (String dnat : List.of(SERVING_ENDPOINT, NON_SERVING_ENDPOINT, DELETED_ENDPOINT)) {
            for (Protocol protocol : Protocol.values()) {
                for (String frontend : List.of(CLUSTER_IP, LOAD_BALANCER_IP, EXTERNAL_IP)) {
                    for (int port : List.of(SERVICE_PORT, NON_SERVICE_PORT)) {
                        boolean stale = protocol == Protocol.UDP && port == SERVICE_PORT && !dnat.equals(SERVING_ENDPOINT);
                        rows.add(new Row(protocol.lowerCase() + " to " + frontend + ":" + port + " DNAT'ed to " + dnat
                                + verdict(stale), flow(protocol, frontend, port, dnat, ENDPOINT_PORT), stale));
                    }
                }
                boolean stale = protocol == Protocol.UDP && !dnat.equals(SERVING_ENDPOINT);
                rows.add(new Row(protocol.lowerCase() + " to node IP:NodePort DNAT'ed to " + dnat + verdict(stale),
                        flow(protocol, NODE_IP, NODE_PORT, dnat, ENDPOINT_PORT), stale));
            }
        }
        for (String frontend : List.of(CLUSTER_IP, LOAD_BALANCER_IP, EXTERNAL_IP)) {
            for (int port : List.of(SERVICE_PORT, NON_SERVICE_PORT)) {
                boolean stale = port == SERVICE_PORT;
                rows.add(new Row("udp to " + frontend + ":" + port + " never DNAT'ed (created before endpoints)"
                        + verdict(stale), udp(frontend, port, frontend, port), stale));
            }
        }
        return rows.stream();
    }

    private static String verdict(boolean stale) {
        return stale ? ": stale" : ": kept";
    }

    @ParameterizedTest
    @MethodSource("upstreamMatrix")
    void upstreamMatrix(Row row) {
        List<ConntrackFlow> selected = StaleFlowSelector.select(UPSTREAM, IpFamily.IPV4, List.of(row.flow()));

        assertThat(selected).isEqualTo(row.stale() ? List.of(row.flow()) : List.of());
    }

    @Test
    void upstreamMatrixAsOneTableDeletesFourteenOfSeventyTwoInOrder() {
        List<Row> rows = upstreamMatrix().toList();
        List<ConntrackFlow> all = rows.stream().map(Row::flow).toList();

        List<ConntrackFlow> selected = StaleFlowSelector.select(UPSTREAM, IpFamily.IPV4, all);

        assertThat(all).hasSize(72);
        assertThat(selected).hasSize(14)
                .isEqualTo(rows.stream().filter(Row::stale).map(Row::flow).toList());
    }

    record Scenario(String name, IpFamily family, List<ServicePort> ports, List<ConntrackFlow> kept,
            List<ConntrackFlow> stale) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        ServicePort onlyNonServing = port("dns", Protocol.UDP, CLUSTER_IP, 53).nodePort(NODE_PORT)
                .endpoint(NON_SERVING_ENDPOINT, 5353, Condition.NOT_SERVING).build();
        ServicePort noEndpoints = port("dns", Protocol.UDP, CLUSTER_IP, 53).externalIp(EXTERNAL_IP).build();
        ServicePort terminating = port("dns", Protocol.UDP, CLUSTER_IP, 53)
                .endpoint(SERVING_ENDPOINT, 5353, Condition.TERMINATING_SERVING).build();
        ServicePort dns = port("dns", Protocol.UDP, CLUSTER_IP, 53).nodePort(NODE_PORT)
                .endpoint(SERVING_ENDPOINT, 5353, Condition.READY).build();
        ServicePort dnsV6 = port("dns", Protocol.UDP, "fd00:198:18:100::1", 53)
                .endpoint("fd00:198:18:200::4", 5353, Condition.READY).build();
        return Stream.of(
                new Scenario("a port whose endpoints are all non-serving is skipped, even for never-DNAT'ed flows",
                        IpFamily.IPV4, List.of(onlyNonServing),
                        List.of(udp(CLUSTER_IP, 53, DELETED_ENDPOINT, 5353), udp(CLUSTER_IP, 53, CLUSTER_IP, 53),
                                udp(NODE_IP, NODE_PORT, DELETED_ENDPOINT, 5353)),
                        List.of()),
                new Scenario("a port without any endpoint is skipped (upstream TestServiceWithoutEndpoints)",
                        IpFamily.IPV4, List.of(noEndpoints),
                        List.of(udp(EXTERNAL_IP, 53, SERVING_ENDPOINT, 5353), udp(EXTERNAL_IP, 53, DELETED_ENDPOINT, 5353)),
                        List.of()),
                new Scenario("a terminating endpoint that is still serving keeps its flows", IpFamily.IPV4,
                        List.of(terminating),
                        List.of(udp(CLUSTER_IP, 53, SERVING_ENDPOINT, 5353)),
                        List.of(udp(CLUSTER_IP, 53, DELETED_ENDPOINT, 5353))),
                new Scenario("a NodePort flow is judged on any destination address, loopback included", IpFamily.IPV4,
                        List.of(dns),
                        List.of(udp("127.0.0.1", NODE_PORT, SERVING_ENDPOINT, 5353)),
                        List.of(udp("127.0.0.1", NODE_PORT, DELETED_ENDPOINT, 5353),
                                udp("198.19.250.1", NODE_PORT, DELETED_ENDPOINT, 5353))),
                new Scenario("a flow stale by both ClusterIP:port and NodePort is selected once", IpFamily.IPV4,
                        List.of(port("dns", Protocol.UDP, CLUSTER_IP, NODE_PORT).nodePort(NODE_PORT)
                                .endpoint(SERVING_ENDPOINT, 5353, Condition.READY).build()),
                        List.of(),
                        List.of(udp(CLUSTER_IP, NODE_PORT, DELETED_ENDPOINT, 5353))),
                new Scenario("IPv6 flows are judged against the IPv6 ports; IPv4 flows are ignored", IpFamily.IPV6,
                        List.of(dns, dnsV6),
                        List.of(udp("fd00:198:18:100::1", 53, "fd00:198:18:200::4", 5353),
                                udp(CLUSTER_IP, 53, DELETED_ENDPOINT, 5353)),
                        List.of(udp("fd00:198:18:100::1", 53, "fd00:198:18:202::6", 5353),
                                udp("fd00:198:18:100::1", 53, "fd00:198:18:100::1", 53))),
                new Scenario("IPv4 cleanup ignores IPv6 flows", IpFamily.IPV4, List.of(dns, dnsV6),
                        List.of(udp("fd00:198:18:100::1", 53, "fd00:198:18:202::6", 5353)),
                        List.of(udp(CLUSTER_IP, 53, DELETED_ENDPOINT, 5353))),
                new Scenario("a TCP Service on the same ClusterIP:port does not protect UDP flows", IpFamily.IPV4,
                        List.of(port("web", Protocol.TCP, CLUSTER_IP, 53)
                                .endpoint(DELETED_ENDPOINT, 5353, Condition.READY).build(), dns),
                        List.of(flow(Protocol.TCP, CLUSTER_IP, 53, DELETED_ENDPOINT, 5353)),
                        List.of(udp(CLUSTER_IP, 53, DELETED_ENDPOINT, 5353))),
                new Scenario("an empty snapshot deletes nothing", IpFamily.IPV4, List.of(),
                        List.of(udp(CLUSTER_IP, 53, DELETED_ENDPOINT, 5353)), List.of()));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void scenarios(Scenario scenario) {
        List<ConntrackFlow> flows = Stream.concat(scenario.kept().stream(), scenario.stale().stream()).toList();

        List<ConntrackFlow> selected = StaleFlowSelector.select(
                snapshot(scenario.ports().toArray(ServicePort[]::new)), scenario.family(), flows);

        assertThat(selected).isEqualTo(scenario.stale());
    }
}
