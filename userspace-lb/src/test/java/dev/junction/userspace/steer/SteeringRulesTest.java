package dev.junction.userspace.steer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.model.SessionAffinity;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import dev.junction.iptables.compile.RuleWriter;
import dev.junction.iptables.compile.RulesetRenderer;
import dev.junction.userspace.serve.ListenerKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The REDIRECT, REJECT and DROP rules, compared as the exact iptables-restore text. */
class SteeringRulesTest {

    private static final List<Cidr> PODS = List.of(Cidr.parse("198.18.0.0/17"), Cidr.parse("fd00::/64"));

    private static final Endpoint POD = new Endpoint(IpAddress.parse("198.18.1.11"), 8080, true, true, true, false,
            Set.of(), Set.of());
    private static final Endpoint POD6 = new Endpoint(IpAddress.parse("fd00::1:11"), 8080, true, true, true, false,
            Set.of(), Set.of());

    private final ServicePort web = port("web", Protocol.TCP, "198.18.0.10", new ServicePort.Frontends(
            List.of(IpAddress.parse("198.19.2.10")), List.of(IpAddress.parse("198.19.1.10")), List.of()), List.of(POD));
    private final ServicePort empty = port("empty", Protocol.TCP, "198.18.0.12", ServicePort.Frontends.NONE, List.of());
    private final ServicePort unbound = port("unbound", Protocol.TCP, "198.18.0.13", ServicePort.Frontends.NONE,
            List.of(POD));
    private final ServicePort ranged = port("ranged", Protocol.TCP, "198.18.0.15", new ServicePort.Frontends(
            List.of(), List.of(IpAddress.parse("198.19.1.15")), List.of(Cidr.parse("198.19.0.2/32"),
                    Cidr.parse("198.19.4.0/24"))), List.of(POD));
    private final ServicePort dns = port("dns", Protocol.UDP, "198.18.0.16", ServicePort.Frontends.NONE, List.of());
    private final ServicePort web6 = port("web", Protocol.TCP, "fd00::10", ServicePort.Frontends.NONE, List.of(POD6));
    private final ClusterSnapshot snapshot = new ClusterSnapshot("node-a", Optional.empty(),
            List.of(web, empty, unbound, ranged, dns, web6), 1);
    private final Map<ListenerKey, Integer> proxyPorts =
            Map.of(ListenerKey.of(web), 40001, ListenerKey.of(web6), 40002, ListenerKey.of(ranged), 40003);

    @Test
    void listeningPortsAreRedirectedOnEveryFrontendAndTheOthersRejectedOrDropped() {
        String text = new RulesetRenderer().render(SteeringRules.compile(snapshot, IpFamily.IPV4, proxyPorts, PODS)).text();

        assertThat(text).isEqualTo("""
                *filter
                :KUBE-USERSPACE-FIREWALL - [0:0]
                -A KUBE-USERSPACE-FIREWALL -m comment --comment "ns1/dns:http cluster IP has no endpoints" \
                -m udp -p udp -d 198.18.0.16 --dport 80 -j REJECT
                -A KUBE-USERSPACE-FIREWALL -m comment --comment "ns1/empty:http cluster IP has no endpoints" \
                -m tcp -p tcp -d 198.18.0.12 --dport 80 -j REJECT
                -A KUBE-USERSPACE-FIREWALL -m comment \
                --comment "ns1/ranged:http loadbalancer IP not in loadBalancerSourceRanges" \
                -m tcp -p tcp -d 198.19.1.15 --dport 80 -j DROP
                -A KUBE-USERSPACE-FIREWALL -m comment --comment "ns1/unbound:http cluster IP has no listener" \
                -m tcp -p tcp -d 198.18.0.13 --dport 80 -j REJECT
                COMMIT
                *nat
                :KUBE-USERSPACE-SERVICES - [0:0]
                -A KUBE-USERSPACE-SERVICES -m comment --comment "ns1/ranged:http cluster IP" \
                -m tcp -p tcp -d 198.18.0.15 --dport 80 -j REDIRECT --to-ports 40003
                -A KUBE-USERSPACE-SERVICES -m comment --comment "ns1/ranged:http loadbalancer IP" \
                -m tcp -p tcp -d 198.19.1.15 --dport 80 -s 198.19.0.2/32 -j REDIRECT --to-ports 40003
                -A KUBE-USERSPACE-SERVICES -m comment --comment "ns1/ranged:http loadbalancer IP" \
                -m tcp -p tcp -d 198.19.1.15 --dport 80 -s 198.19.4.0/24 -j REDIRECT --to-ports 40003
                -A KUBE-USERSPACE-SERVICES -m comment --comment "ns1/web:http cluster IP" \
                -m tcp -p tcp -d 198.18.0.10 --dport 80 -j REDIRECT --to-ports 40001
                -A KUBE-USERSPACE-SERVICES -m comment --comment "ns1/web:http external IP" \
                -m tcp -p tcp -d 198.19.2.10 --dport 80 -j REDIRECT --to-ports 40001
                -A KUBE-USERSPACE-SERVICES -m comment --comment "ns1/web:http loadbalancer IP" \
                -m tcp -p tcp -d 198.19.1.10 --dport 80 -j REDIRECT --to-ports 40001
                COMMIT
                *mangle
                COMMIT
                """);
    }

    @Test
    void eachFamilyGetsOnlyItsOwnPorts() {
        String text = new RulesetRenderer().render(SteeringRules.compile(snapshot, IpFamily.IPV6, proxyPorts, PODS)).text();

        assertThat(text).contains("-A KUBE-USERSPACE-SERVICES -m comment --comment \"ns1/web:http cluster IP\""
                + " -m tcp -p tcp -d fd00::10 --dport 80 -j REDIRECT --to-ports 40002\n")
                .doesNotContain("198.18.").doesNotContain("REJECT\n");
    }

    @Test
    void aLocalPolicyServiceWithoutLocalEndpointsDropsExternalClientsButServesPodsAndTheNode() {
        ServicePort edge = remoteOnly("edge", "198.18.0.13", 30083,
                new ServicePort.Frontends(List.of(IpAddress.parse("198.19.1.13")), List.of(), List.of()),
                new ServicePolicies(TrafficPolicy.LOCAL, TrafficPolicy.CLUSTER, SessionAffinity.NONE, 30091));

        String text = rulesOf(edge, 40004);

        assertThat(text).contains("""
                -A KUBE-USERSPACE-FIREWALL -m comment --comment "ns1/edge:http nodePort from this node" \
                -m tcp -p tcp -m addrtype --dst-type LOCAL --dport 30083 -m addrtype --src-type LOCAL -j RETURN
                -A KUBE-USERSPACE-FIREWALL -m comment --comment "ns1/edge:http nodePort from pods" \
                -m tcp -p tcp -m addrtype --dst-type LOCAL --dport 30083 -s 198.18.0.0/17 -j RETURN
                -A KUBE-USERSPACE-FIREWALL -m comment --comment "ns1/edge:http nodePort has no local endpoints" \
                -m tcp -p tcp -m addrtype --dst-type LOCAL --dport 30083 -j DROP
                """).contains("""
                -A KUBE-USERSPACE-FIREWALL -m comment --comment "ns1/edge:http external IP has no local endpoints" \
                -m tcp -p tcp -d 198.19.1.13 --dport 80 -j DROP
                """).contains("""
                -A KUBE-USERSPACE-SERVICES -m comment --comment "ns1/edge:http cluster IP" \
                -m tcp -p tcp -d 198.18.0.13 --dport 80 -j REDIRECT --to-ports 40004
                -A KUBE-USERSPACE-SERVICES -m comment --comment "ns1/edge:http external IP from this node" \
                -m tcp -p tcp -d 198.19.1.13 --dport 80 -m addrtype --src-type LOCAL -j REDIRECT --to-ports 40004
                -A KUBE-USERSPACE-SERVICES -m comment --comment "ns1/edge:http external IP from pods" \
                -m tcp -p tcp -d 198.19.1.13 --dport 80 -s 198.18.0.0/17 -j REDIRECT --to-ports 40004
                """);
    }

    @Test
    void anInternalLocalPolicyServiceWithoutLocalEndpointsDropsItsClusterIp() {
        ServicePort nodeLocal = remoteOnly("node-local", "198.18.0.14", 0, ServicePort.Frontends.NONE,
                new ServicePolicies(TrafficPolicy.CLUSTER, TrafficPolicy.LOCAL, SessionAffinity.NONE, 0));

        String text = rulesOf(nodeLocal, 40005);

        assertThat(text).contains("""
                -A KUBE-USERSPACE-FIREWALL -m comment --comment "ns1/node-local:http cluster IP has no local endpoints" \
                -m tcp -p tcp -d 198.18.0.14 --dport 80 -j DROP
                """).doesNotContain("REDIRECT");
    }

    @Test
    void redirectsAreEnteredFromPreroutingAndOutputAndRejectsForNewConnectionsOnly() {
        assertThat(SteeringRules.jumps()).extracting(jump -> jump.table() + " " + RuleWriter.renderRule(jump.rule()))
                .containsExactly(
                        "nat -A PREROUTING -m comment --comment \"kubernetes userspace service portals\""
                                + " -j KUBE-USERSPACE-SERVICES",
                        "nat -A OUTPUT -m comment --comment \"kubernetes userspace service portals\""
                                + " -j KUBE-USERSPACE-SERVICES",
                        "filter -A INPUT -m conntrack --ctstate NEW -m comment --comment"
                                + " \"kubernetes userspace service portals\" -j KUBE-USERSPACE-FIREWALL",
                        "filter -A FORWARD -m conntrack --ctstate NEW -m comment --comment"
                                + " \"kubernetes userspace service portals\" -j KUBE-USERSPACE-FIREWALL",
                        "filter -A OUTPUT -m conntrack --ctstate NEW -m comment --comment"
                                + " \"kubernetes userspace service portals\" -j KUBE-USERSPACE-FIREWALL");
    }

    /** A TCP port {@code ns1/service:http} (80) whose only endpoint is on another node. */
    private static ServicePort remoteOnly(String service, String clusterIp, int nodePort,
            ServicePort.Frontends frontends, ServicePolicies policies) {
        Endpoint remote = new Endpoint(IpAddress.parse("198.18.2.11"), 8080, false, true, true, false, Set.of(),
                Set.of());
        return new ServicePort(new ServicePortName(new ObjectRef("ns1", service), "http", Protocol.TCP),
                IpFamily.IPV4, IpAddress.parse(clusterIp), 80, nodePort, frontends, policies,
                new EndpointSet(List.of(remote), List.of(remote), List.of(), List.of(remote), true));
    }

    /** The IPv4 rules of a snapshot holding only {@code port}, listening on {@code proxyPort}. */
    private static String rulesOf(ServicePort port, int proxyPort) {
        ClusterSnapshot only = new ClusterSnapshot("node-a", Optional.empty(), List.of(port), 1);
        return new RulesetRenderer().render(SteeringRules.compile(only, IpFamily.IPV4,
                Map.of(ListenerKey.of(port), proxyPort), PODS)).text();
    }

    private static ServicePort port(String service, Protocol protocol, String clusterIp,
            ServicePort.Frontends frontends, List<Endpoint> endpoints) {
        IpAddress ip = IpAddress.parse(clusterIp);
        return new ServicePort(new ServicePortName(new ObjectRef("ns1", service), "http", protocol), ip.family(), ip,
                80, 0, frontends, ServicePolicies.DEFAULT,
                new EndpointSet(endpoints, endpoints, List.of(), endpoints, !endpoints.isEmpty()));
    }
}
