package dev.junction.core.conntrack;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small builders for snapshots and flows in the conntrack tests. */
final class Fixtures {

    /** The client every test flow comes from. */
    static final String CLIENT_V4 = "198.18.0.2";
    static final String CLIENT_V6 = "fd00:198:18::2";
    static final int CLIENT_PORT = 40_000;

    private Fixtures() {
    }

    static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    static ClusterSnapshot snapshot(ServicePort... ports) {
        return new ClusterSnapshot("node-a", Optional.empty(), List.of(ports), 1);
    }

    static PortBuilder port(String service, Protocol protocol, String clusterIp, int port) {
        return new PortBuilder(service, protocol, clusterIp, port);
    }

    /** A flow from the test client to {@code origDst:origPort} whose replies come from {@code replySrc:replyPort}. */
    static ConntrackFlow flow(Protocol protocol, String origDst, int origPort, String replySrc, int replyPort) {
        return flowFrom(CLIENT_PORT, protocol, origDst, origPort, replySrc, replyPort);
    }

    /** As {@link #flow}, from another client port: the kernel keys entries by original tuple. */
    static ConntrackFlow flowFrom(int clientPort, Protocol protocol, String origDst, int origPort, String replySrc,
            int replyPort) {
        IpAddress client = IpAddress.parse(origDst.contains(":") ? CLIENT_V6 : CLIENT_V4);
        return new ConntrackFlow(protocol,
                new ConntrackFlow.Tuple(client, clientPort, IpAddress.parse(origDst), origPort),
                new ConntrackFlow.Tuple(IpAddress.parse(replySrc), replyPort, client, clientPort));
    }

    static ConntrackFlow udp(String origDst, int origPort, String replySrc, int replyPort) {
        return flow(Protocol.UDP, origDst, origPort, replySrc, replyPort);
    }

    /** Endpoint conditions as an EndpointSlice reports them. */
    enum Condition {
        READY(true, true, false),
        TERMINATING_SERVING(false, true, true),
        NOT_SERVING(false, false, false);

        final boolean ready;
        final boolean serving;
        final boolean terminating;

        Condition(boolean ready, boolean serving, boolean terminating) {
            this.ready = ready;
            this.serving = serving;
            this.terminating = terminating;
        }
    }

    static final class PortBuilder {
        private final String service;
        private final Protocol protocol;
        private final String clusterIp;
        private final int port;
        private int nodePort;
        private final List<IpAddress> externalIps = new ArrayList<>();
        private final List<IpAddress> loadBalancerIps = new ArrayList<>();
        private final List<Endpoint> endpoints = new ArrayList<>();

        private PortBuilder(String service, Protocol protocol, String clusterIp, int port) {
            this.service = service;
            this.protocol = protocol;
            this.clusterIp = clusterIp;
            this.port = port;
        }

        PortBuilder nodePort(int value) {
            nodePort = value;
            return this;
        }

        PortBuilder externalIp(String ip) {
            externalIps.add(IpAddress.parse(ip));
            return this;
        }

        PortBuilder loadBalancerIp(String ip) {
            loadBalancerIps.add(IpAddress.parse(ip));
            return this;
        }

        PortBuilder endpoint(String ip, int targetPort, Condition condition) {
            endpoints.add(new Endpoint(IpAddress.parse(ip), targetPort, false, condition.ready, condition.serving,
                    condition.terminating, Set.of(), Set.of()));
            return this;
        }

        ServicePort build() {
            IpAddress vip = IpAddress.parse(clusterIp);
            List<Endpoint> ready = endpoints.stream().filter(Endpoint::ready).sorted().toList();
            EndpointSet set = new EndpointSet(endpoints.stream().sorted().toList(), ready, List.of(), ready,
                    !ready.isEmpty());
            return new ServicePort(
                    new ServicePortName(new ObjectRef("ns1", service), protocol.lowerCase(), protocol),
                    vip.family(), vip, port, nodePort,
                    new ServicePort.Frontends(externalIps, loadBalancerIps, List.of()),
                    ServicePolicies.DEFAULT, set);
        }
    }
}
