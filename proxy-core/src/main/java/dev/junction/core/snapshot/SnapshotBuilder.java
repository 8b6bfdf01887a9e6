package dev.junction.core.snapshot;

import dev.junction.core.model.EndpointInfo;
import dev.junction.core.model.EndpointPortInfo;
import dev.junction.core.model.EndpointSliceInfo;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.PortInfo;
import dev.junction.core.model.ServiceInfo;
import dev.junction.core.model.ServiceInfo.ServiceFrontends;
import dev.junction.core.model.ServiceType;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds this node's {@link ClusterSnapshot} from the cluster-wide Services, EndpointSlices and this Node, with
 * kube-proxy's semantics: one {@link ServicePort} per (Service, port, family) for each ClusterIP family; headless,
 * ExternalName and ClusterIP-less Services are not proxied ({@code ShouldSkipService}); frontends are filtered to the
 * family; slices of the family are joined to a port by port name and protocol; only an endpoint's first address
 * counts; a duplicate {@code ip:port} across slices resolves to a non-terminating copy (kube-proxy's
 * {@code EndpointSliceCache.addEndpoints}); an endpoint is local when its {@code nodeName} is this node.
 *
 * <p>Runs in time linear in Services plus endpoints: slices come already indexed by Service. The ports of a Service
 * whose inputs are the very same instances as in the previous build (same {@link ServiceInfo}, same slice list, same
 * zone) are reused rather than rebuilt; the store replaces those instances on every change, so after a small change
 * only the changed Services cost anything. Inputs equal but not identical are simply rebuilt. {@link #build} is
 * synchronized: one build at a time.
 */
public final class SnapshotBuilder {

    private final String nodeName;
    private Map<ObjectRef, BuiltPorts> previous = Map.of();

    /** The ports built for one Service, with the inputs they were built from. */
    private record BuiltPorts(ServiceInfo service, List<EndpointSliceInfo> slices, String zone, List<ServicePort> ports) {
    }

    public SnapshotBuilder(String nodeName) {
        this.nodeName = nodeName;
    }

    /**
     * @param slicesByService the slices of each Service, in a stable order (the store sorts them by slice name)
     * @param serviceCidrs    every ServiceCIDR's prefixes, passed through to the snapshot
     */
    public synchronized ClusterSnapshot build(Collection<ServiceInfo> services,
            Map<ObjectRef, List<EndpointSliceInfo>> slicesByService, Optional<NodeInfo> node, List<Cidr> serviceCidrs,
            long generation) {
        String zone = node.map(NodeInfo::zone).orElse("");
        Map<ObjectRef, BuiltPorts> built = new HashMap<>(services.size() * 2);
        List<ServicePort> ports = new ArrayList<>();
        for (ServiceInfo service : services) {
            if (isProxied(service)) {
                List<EndpointSliceInfo> slices = slicesByService.getOrDefault(service.ref(), List.of());
                BuiltPorts reusable = previous.get(service.ref());
                BuiltPorts current = reusable != null && reusable.service() == service && reusable.slices() == slices
                        && reusable.zone().equals(zone)
                        ? reusable
                        : new BuiltPorts(service, slices, zone, servicePortsOf(service, slices, zone));
                built.put(service.ref(), current);
                ports.addAll(current.ports());
            }
        }
        previous = built;
        return new ClusterSnapshot(nodeName, node, ports, serviceCidrs, generation);
    }

    /**
     * kube-proxy's {@code ShouldSkipService}, inverted: a ClusterIP is set and the type is not ExternalName. Also false
     * for a Service labelled {@code service.kubernetes.io/service-proxy-name}, which kube-proxy's selector hides and a
     * store fed with {@code WatchScope.CLUSTER} still holds.
     */
    public static boolean isProxied(ServiceInfo service) {
        return !service.headless() && service.type() != ServiceType.EXTERNAL_NAME && !service.clusterIps().isEmpty()
                && service.serviceProxyName().isEmpty();
    }

    private List<ServicePort> servicePortsOf(ServiceInfo service, List<EndpointSliceInfo> slices, String zone) {
        List<ServicePort> ports = new ArrayList<>(service.clusterIps().size() * service.ports().size());
        for (IpAddress clusterIp : service.clusterIps()) {
            addServicePorts(ports, service, clusterIp, slices, zone);
        }
        return List.copyOf(ports);
    }

    private void addServicePorts(List<ServicePort> out, ServiceInfo service, IpAddress clusterIp,
            List<EndpointSliceInfo> slices, String zone) {
        IpFamily family = clusterIp.family();
        ServicePort.Frontends frontends = frontendsOf(service.frontends(), family);
        List<EndpointSliceInfo> familySlices = slices.stream().filter(s -> s.addressType() == family).toList();
        for (PortInfo port : service.ports()) {
            ServicePortName name = new ServicePortName(service.ref(), port.name(), port.protocol());
            ServicePort bare = new ServicePort(name, family, clusterIp, port.port(), port.nodePort(), frontends,
                    service.policies(), EndpointSet.EMPTY);
            List<Endpoint> endpoints = endpointsOf(familySlices, port);
            EndpointSet set = EndpointCategorizer.categorize(bare, endpoints, nodeName, zone);
            out.add(new ServicePort(name, family, clusterIp, port.port(), port.nodePort(), frontends,
                    service.policies(), set));
        }
    }

    private static ServicePort.Frontends frontendsOf(ServiceFrontends frontends, IpFamily family) {
        return new ServicePort.Frontends(
                frontends.externalIps().stream().filter(ip -> ip.family() == family).toList(),
                frontends.loadBalancerIps().stream().filter(ip -> ip.family() == family).toList(),
                frontends.loadBalancerSourceRanges().stream().filter(c -> c.family() == family).toList());
    }

    private record EndpointKey(IpAddress ip, int port) {
    }

    /** The endpoints of every slice port matching {@code port} by name and protocol, one per {@code ip:port}. */
    private List<Endpoint> endpointsOf(List<EndpointSliceInfo> slices, PortInfo port) {
        Map<EndpointKey, Endpoint> byKey = new HashMap<>();
        for (EndpointSliceInfo slice : slices) {
            for (EndpointPortInfo slicePort : slice.ports()) {
                if (slicePort.name().equals(port.name()) && slicePort.protocol() == port.protocol()) {
                    addEndpoints(byKey, slice.endpoints(), slicePort.port());
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private void addEndpoints(Map<EndpointKey, Endpoint> byKey, List<EndpointInfo> infos, int port) {
        for (EndpointInfo info : infos) {
            var conditions = info.conditions();
            Endpoint endpoint = new Endpoint(info.address(), port, isLocal(info), conditions.ready(),
                    conditions.serving(), conditions.terminating(), info.zoneHints(), info.nodeHints());
            // A pod IP may be reused while the old pod is still terminating: prefer the running copy.
            byKey.merge(new EndpointKey(endpoint.ip(), port), endpoint,
                    (existing, candidate) -> candidate.terminating() ? existing : candidate);
        }
    }

    private boolean isLocal(EndpointInfo info) {
        return !nodeName.isEmpty() && nodeName.equals(info.nodeName());
    }
}
