package dev.junction.core.snapshot;

import dev.junction.core.model.EndpointSliceDecoder;
import dev.junction.core.model.EndpointSliceInfo;
import dev.junction.core.model.InvalidObjectException;
import dev.junction.core.model.NodeDecoder;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.ServiceDecoder;
import dev.junction.core.model.ServiceInfo;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds snapshots straight from Fabric8 fixtures, through the real decoders, for the snapshot tests. */
final class SnapshotFixtures {

    private SnapshotFixtures() {
    }

    static ClusterSnapshot snapshot(String nodeName, List<HasMetadata> objects) {
        List<ServiceInfo> services = new ArrayList<>();
        List<EndpointSliceInfo> slices = new ArrayList<>();
        Optional<NodeInfo> node = Optional.empty();
        try {
            for (HasMetadata object : objects) {
                switch (object) {
                    case Service service -> services.add(ServiceDecoder.decode(service).value());
                    case EndpointSlice slice -> EndpointSliceDecoder.decode(slice).ifPresent(d -> slices.add(d.value()));
                    case Node n -> node = Optional.of(NodeDecoder.decode(n).value());
                    default -> throw new IllegalArgumentException("unexpected fixture " + object);
                }
            }
        } catch (InvalidObjectException e) {
            throw new IllegalArgumentException("fixture is invalid: " + e.getMessage(), e);
        }
        Map<ObjectRef, List<EndpointSliceInfo>> byService = slices.stream()
                .sorted(Comparator.comparing(s -> s.ref().name()))
                .collect(Collectors.groupingBy(EndpointSliceInfo::serviceRef, TreeMap::new, Collectors.toList()));
        return new SnapshotBuilder(nodeName).build(services, byService, node, List.of(), 1);
    }

    /** One line per port: {@code ns/name:port family clusterIP:port cluster=[..] local=[..] any=bool}. */
    static List<String> describeEndpoints(ClusterSnapshot snapshot) {
        return snapshot.servicePorts().stream()
                .map(p -> p.name() + " " + p.family() + " " + hostPort(p.clusterIp(), p.port())
                        + " cluster=" + p.endpoints().cluster() + " local=" + p.endpoints().local()
                        + " any=" + p.endpoints().hasAnyEndpoints())
                .toList();
    }

    private static String hostPort(IpAddress ip, int port) {
        return ip.family() == IpFamily.IPV6 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    /** One line per port: {@code ns/name:port family ext=[..] lb=[..] src=[..]}. */
    static List<String> describeFrontends(ClusterSnapshot snapshot) {
        return snapshot.servicePorts().stream()
                .map(p -> p.name() + " " + p.family() + " ext=" + p.frontends().externalIps()
                        + " lb=" + p.frontends().loadBalancerIps() + " src=" + p.frontends().loadBalancerSourceRanges())
                .toList();
    }
}
