package dev.junction.dns.records;

import dev.junction.core.model.EndpointInfo;
import dev.junction.core.model.EndpointPortInfo;
import dev.junction.core.model.EndpointSliceInfo;
import dev.junction.core.model.ObjectRef;
import dev.junction.core.model.PortInfo;
import dev.junction.core.model.ServiceInfo;
import dev.junction.core.model.ServiceType;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.store.StoreState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link ZoneIndex} from a store state: the records of the Kubernetes DNS specification 1.1.0, as CoreDNS's
 * kubernetes plugin serves them. Pure: no I/O, no clock (the SOA serial is passed in). Not thread-safe; use one
 * builder per build or confine it to one thread.
 *
 * <p>A namespace exists, for NODATA and pod records, when the store holds its Namespace (sources watch Namespaces in
 * the CLUSTER scope) or when it has a Service (a manifest file need not list its Namespaces). Readiness does not wait
 * for the Namespaces: until their list arrives, or when RBAC denies it, only namespaces with Services exist, and the
 * responder still answers everything else (CoreDNS would not be ready, then serve anyway after 5 s).
 *
 * <p>The apex NS record names {@code ns.dns.<zone>}, whose addresses (answered for that name and as glue with the NS
 * answer) are those of CoreDNS's kubernetes plugin: the ClusterIPs of the Services with a ready endpoint on one of this
 * server's addresses (kube-dns), else this server's addresses themselves.
 */
public final class ZoneIndexBuilder {

    /** TTL of the {@code dns-version} TXT record, as CoreDNS serves it. */
    public static final long DNS_VERSION_TTL = 28_800;
    public static final String SCHEMA_VERSION = "1.1.0";

    private static final Logger log = LoggerFactory.getLogger(ZoneIndexBuilder.class);
    private static final Comparator<ServiceInfo> BY_REF =
            Comparator.comparing((ServiceInfo s) -> s.ref().namespace()).thenComparing(s -> s.ref().name());

    private final ZoneSettings settings;
    private final Set<IpAddress> serverAddresses;
    /** Objects already warned about: the zone is rebuilt on every change, the warning is logged once per object. */
    private final Set<String> warned = new HashSet<>();

    /** A builder for a server with no address of its own to publish (the NS record gets no glue of its own). */
    public ZoneIndexBuilder(ZoneSettings settings) {
        this(settings, List.of());
    }

    /** @param serverAddresses where this server answers, for the nameserver's address (see the class comment) */
    public ZoneIndexBuilder(ZoneSettings settings, List<IpAddress> serverAddresses) {
        this.settings = settings;
        this.serverAddresses = Set.copyOf(serverAddresses);
    }

    /**
     * @param synced whether the store has synced: until then misses are SERVFAIL
     * @param serial the SOA serial: the Unix time, in seconds, of the last change
     */
    public ZoneIndex build(StoreState state, boolean synced, long serial) {
        String zone = settings.domain();
        ZoneNames names = new ZoneNames(settings.ttl());
        ResourceRecord soa = soa(serial);
        names.add(zone, soa);
        names.add("dns-version." + zone,
                new ResourceRecord("dns-version." + zone, DNS_VERSION_TTL, new RecordData.Txt(SCHEMA_VERSION)));
        names.touch("svc." + zone);
        names.touch("pod." + zone);
        List<ServiceInfo> services = state.services().values().stream().sorted(BY_REF).toList();
        addNameserver(names, state, services);
        Set<String> namespaces = new HashSet<>();
        state.namespaces().forEach(namespace -> namespaces.add(lower(namespace)));
        services.forEach(service -> namespaces.add(lower(service.ref().namespace())));
        for (String namespace : namespaces) {
            names.touch(namespace + ".svc." + zone);
            if (settings.podRecords() == PodRecords.INSECURE) {
                names.touch(namespace + ".pod." + zone);
            }
        }
        for (ServiceInfo service : services) {
            addService(names, service, state.slicesOf(service.ref()));
        }
        return new ZoneIndex(settings, names.freeze(), namespaces, soa, synced, state.version());
    }

    /** {@code ns.dns.<zone>} A/AAAA, and the same records as glue for the apex NS answer. */
    private void addNameserver(ZoneNames names, StoreState state, List<ServiceInfo> services) {
        String zone = settings.domain();
        String nameserver = "ns.dns." + zone;
        names.add(zone, new ResourceRecord(zone, settings.ttl(), new RecordData.Ns(nameserver)));
        List<IpAddress> addresses = new ArrayList<>();
        for (ServiceInfo service : services) {
            if (!service.headless() && hasEndpointOnThisServer(state.slicesOf(service.ref()))) {
                addresses.addAll(service.clusterIps());
            }
        }
        if (addresses.isEmpty()) {
            addresses.addAll(serverAddresses.stream().sorted().toList());
        }
        for (IpAddress address : addresses) {
            ResourceRecord record = record(nameserver, RecordData.address(address));
            names.add(nameserver, record);
            names.addGlue(zone, record);
        }
        if (!addresses.isEmpty()) {
            names.touch("dns." + zone);
        }
    }

    private boolean hasEndpointOnThisServer(List<EndpointSliceInfo> slices) {
        for (EndpointSliceInfo slice : slices) {
            for (EndpointInfo endpoint : slice.endpoints()) {
                boolean here = endpoint.addresses().stream().anyMatch(serverAddresses::contains);
                if (endpoint.conditions().ready() && here) {
                    return true;
                }
            }
        }
        return false;
    }

    /** CoreDNS's SOA: REFRESH 7200, RETRY 1800, EXPIRE 86400, MINIMUM the TTL; its own TTL min(ttl, 300). */
    private ResourceRecord soa(long serial) {
        String zone = settings.domain();
        return new ResourceRecord(zone, Math.min(settings.ttl(), 300), new RecordData.Soa(
                "ns.dns." + zone, "hostmaster." + zone, serial & 0xffff_ffffL, 7200, 1800, 86_400, settings.ttl()));
    }

    private void addService(ZoneNames names, ServiceInfo service, List<EndpointSliceInfo> slices) {
        String base = serviceName(service.ref());
        if (!DnsNames.isValid(base)) {
            warnOnce(service.ref() + " skipped: name " + base
                    + " is not a valid DNS name (expected: labels of a-z, 0-9, -, up to 63 octets)");
            return;
        }
        if (service.type() == ServiceType.EXTERNAL_NAME) {
            addExternalName(names, service, base);
            return;
        }
        names.touch(base);
        List<NamedAddress> endpoints = endpointsOf(service, slices, base);
        for (NamedAddress endpoint : endpoints) {
            names.add(endpoint.name(), record(endpoint.name(), RecordData.address(endpoint.address())));
        }
        if (service.headless()) {
            addHeadless(names, base, endpoints);
        } else {
            addClusterIp(names, service, base);
        }
    }

    /** A CNAME to the external name; an external name that is no valid DNS name leaves the Service NODATA. */
    private void addExternalName(ZoneNames names, ServiceInfo service, String base) {
        String target = absolute(service.externalName());
        if (DnsNames.isValid(target)) {
            names.add(base, record(base, new RecordData.Cname(target)));
        } else {
            warnOnce(service.ref() + " spec.externalName \"" + service.externalName()
                    + "\" skipped (expected: a DNS name)");
            names.touch(base);
        }
    }

    /** A/AAAA for every ClusterIP, one SRV per port (target the Service's own name), PTR for every ClusterIP. */
    private void addClusterIp(ZoneNames names, ServiceInfo service, String base) {
        List<ResourceRecord> addresses = new ArrayList<>();
        for (IpAddress clusterIp : service.clusterIps()) {
            ResourceRecord address = record(base, RecordData.address(clusterIp));
            addresses.add(address);
            names.add(base, address);
            String reverse = ReverseNames.of(clusterIp);
            names.add(reverse, record(reverse, new RecordData.Ptr(base)));
        }
        for (PortInfo port : service.ports()) {
            SrvTarget target = new SrvTarget(port.port(), base, addresses);
            names.addSrv(base, target);
            if (!port.name().isEmpty()) {
                names.addSrv(portName(port.name(), port.protocol(), base), target);
            }
        }
    }

    /** A/AAAA for every served endpoint address, SRV per (endpoint, slice port), PTR for endpoints with hostnames. */
    private void addHeadless(ZoneNames names, String base, List<NamedAddress> endpoints) {
        for (NamedAddress endpoint : endpoints) {
            names.add(base, record(base, RecordData.address(endpoint.address())));
            List<ResourceRecord> targetAddress =
                    List.of(record(endpoint.name(), RecordData.address(endpoint.address())));
            for (EndpointPortInfo port : endpoint.slice().ports()) {
                SrvTarget target = new SrvTarget(port.port(), endpoint.name(), targetAddress);
                names.addSrv(base, target);
                if (!port.name().isEmpty()) {
                    names.addSrv(portName(port.name(), port.protocol(), base), target);
                }
            }
            if (endpoint.hasHostname()) {
                String reverse = ReverseNames.of(endpoint.address());
                names.add(reverse, record(reverse, new RecordData.Ptr(endpoint.name())));
            }
        }
    }

    /**
     * The served addresses of a Service's endpoints, each with its name: ready ones (an unset {@code ready} counts
     * as ready), or all with {@code publishNotReadyAddresses}.
     */
    private List<NamedAddress> endpointsOf(ServiceInfo service, List<EndpointSliceInfo> slices, String base) {
        List<NamedAddress> named = new ArrayList<>();
        for (EndpointSliceInfo slice : slices) {
            for (EndpointInfo endpoint : slice.endpoints()) {
                if (!endpoint.conditions().ready() && !service.publishNotReadyAddresses()) {
                    continue;
                }
                boolean hasHostname = DnsNames.isValidLabel(lower(endpoint.hostname()));
                for (IpAddress address : endpoint.addresses()) {
                    String label = hasHostname ? lower(endpoint.hostname()) : ReverseNames.dashed(address);
                    named.add(new NamedAddress(label + "." + base, address, hasHostname, slice));
                }
            }
        }
        return named;
    }

    private void warnOnce(String message) {
        if (warned.add(message)) {
            log.warn("{}", message);
        }
    }

    private String serviceName(ObjectRef ref) {
        return lower(ref.name()) + "." + lower(ref.namespace()) + ".svc." + settings.domain();
    }

    private static String portName(String port, Protocol protocol, String base) {
        return "_" + lower(port) + "._" + lower(protocol.name()) + "." + base;
    }

    private ResourceRecord record(String name, RecordData data) {
        return new ResourceRecord(name, settings.ttl(), data);
    }

    private static String absolute(String name) {
        String lower = lower(name);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** One address of an endpoint and the name it is served under ({@code <hostname|dashed-ip>.<svc>...}). */
    private record NamedAddress(String name, IpAddress address, boolean hasHostname, EndpointSliceInfo slice) {
    }

    /** What one SRV record points at, and the target's address records for the additional section. */
    record SrvTarget(int port, String target, List<ResourceRecord> addresses) {
    }
}
