package dev.junction.core.model;

import static dev.junction.core.model.DecodeContext.listOrEmpty;

import dev.junction.core.model.ServiceInfo.ServiceFrontends;
import dev.junction.core.model.ServiceInfo.ServicePolicies;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a Fabric8 {@link Service} into a {@link ServiceInfo}, as kube-proxy's {@code newBaseServiceInfo} reads it.
 *
 * <p>A bad core field (ClusterIP, port, protocol, type, traffic policy, affinity) rejects the whole Service. Bad
 * entries of the list fields kube-proxy filters one by one (externalIPs, load-balancer ingress IPs, source ranges)
 * are dropped individually and reported in {@link Decoded#dropped()}. Like kube-proxy's {@code newBaseServiceInfo},
 * only {@code spec.loadBalancerSourceRanges} is read: the {@code service.beta.kubernetes.io/load-balancer-source-ranges}
 * annotation is a cloud-provider convention that kube-proxy ignores. Stateless and thread-safe.
 */
public final class ServiceDecoder {

    static final String KIND = "Service";
    private static final String CLUSTER_IP_NONE = "None";
    private static final String SERVICE_PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name";
    /** Stands for a label present with an empty value, so that "" keeps meaning "no label". */
    private static final String UNNAMED_PROXY = "(empty)";
    private static final String IP_MODE_PROXY = "Proxy";
    private static final String AN_ADDRESS = "an IPv4 or IPv6 address";

    private ServiceDecoder() {
    }

    public static Decoded<ServiceInfo> decode(Service service) throws InvalidObjectException {
        DecodeContext context = DecodeContext.of(KIND, service);
        ServiceSpec spec = service.getSpec() == null ? new ServiceSpec() : service.getSpec();
        ServiceType type = decodeType(context, spec);
        boolean externalName = type == ServiceType.EXTERNAL_NAME;
        List<String> rawClusterIps = externalName ? List.of() : rawClusterIps(spec);
        boolean headless = !rawClusterIps.isEmpty() && CLUSTER_IP_NONE.equals(rawClusterIps.get(0));
        List<IpAddress> clusterIps = headless ? List.of() : decodeClusterIps(context, spec, rawClusterIps);
        ServiceInfo info = new ServiceInfo(
                context.ref(),
                type,
                clusterIps,
                headless,
                externalName ? spec.getExternalName() : "",
                decodePorts(context, spec),
                decodeFrontends(context, spec, service),
                decodePolicies(context, spec, type),
                Boolean.TRUE.equals(spec.getPublishNotReadyAddresses()),
                spec.getTrafficDistribution(),
                serviceProxyName(service));
        return context.result(info);
    }

    /** The label's value; present but empty counts as set, as the selector {@code !label} excludes it too. */
    private static String serviceProxyName(Service service) {
        var labels = service.getMetadata() == null ? null : service.getMetadata().getLabels();
        if (labels == null || !labels.containsKey(SERVICE_PROXY_NAME_LABEL)) {
            return "";
        }
        String value = labels.get(SERVICE_PROXY_NAME_LABEL);
        return value == null || value.isEmpty() ? UNNAMED_PROXY : value;
    }

    private static ServiceType decodeType(DecodeContext context, ServiceSpec spec) throws InvalidObjectException {
        try {
            return ServiceType.parse(spec.getType());
        } catch (IllegalArgumentException e) {
            throw context.invalid("spec.type", spec.getType(), "ClusterIP, NodePort, LoadBalancer or ExternalName");
        }
    }

    /** {@code spec.clusterIPs}, or the older single {@code spec.clusterIP}; empty when neither is set. */
    private static List<String> rawClusterIps(ServiceSpec spec) {
        List<String> ips = listOrEmpty(spec.getClusterIPs());
        if (!ips.isEmpty()) {
            return ips;
        }
        String ip = spec.getClusterIP();
        return ip == null || ip.isEmpty() ? List.of() : List.of(ip);
    }

    private static List<IpAddress> decodeClusterIps(DecodeContext context, ServiceSpec spec, List<String> raw)
            throws InvalidObjectException {
        boolean fromList = !listOrEmpty(spec.getClusterIPs()).isEmpty();
        List<IpAddress> ips = new ArrayList<>();
        Set<IpFamily> families = EnumSet.noneOf(IpFamily.class);
        for (int i = 0; i < raw.size(); i++) {
            String field = fromList ? "spec.clusterIPs[" + i + "]" : "spec.clusterIP";
            IpAddress ip = parseAddress(raw.get(i));
            if (ip == null) {
                throw context.invalid(field, raw.get(i), AN_ADDRESS);
            }
            if (!families.add(ip.family())) {
                throw context.invalid(field, raw.get(i), "at most one address per IP family");
            }
            ips.add(ip);
        }
        return ips;
    }

    private static List<PortInfo> decodePorts(DecodeContext context, ServiceSpec spec) throws InvalidObjectException {
        List<io.fabric8.kubernetes.api.model.ServicePort> ports = listOrEmpty(spec.getPorts());
        List<PortInfo> decoded = new ArrayList<>(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            io.fabric8.kubernetes.api.model.ServicePort port = ports.get(i);
            String field = "spec.ports[" + i + "]";
            Protocol protocol = decodeProtocol(context, field + ".protocol", port.getProtocol());
            int number = port.getPort() == null ? 0 : port.getPort();
            if (number < 1 || number > 65_535) {
                throw context.invalid(field + ".port", port.getPort(), "1-65535");
            }
            int nodePort = port.getNodePort() == null ? 0 : port.getNodePort();
            if (nodePort < 0 || nodePort > 65_535) {
                throw context.invalid(field + ".nodePort", port.getNodePort(), "0-65535");
            }
            decoded.add(new PortInfo(port.getName(), protocol, number, nodePort));
        }
        return decoded;
    }

    private static Protocol decodeProtocol(DecodeContext context, String field, String text) throws InvalidObjectException {
        try {
            return Protocol.parse(text);
        } catch (IllegalArgumentException e) {
            throw context.invalid(field, text, "TCP, UDP or SCTP");
        }
    }

    private static ServiceFrontends decodeFrontends(DecodeContext context, ServiceSpec spec, Service service) {
        List<IpAddress> externalIps = new ArrayList<>();
        List<String> rawExternal = listOrEmpty(spec.getExternalIPs());
        for (int i = 0; i < rawExternal.size(); i++) {
            IpAddress ip = parseAddress(rawExternal.get(i));
            if (ip == null) {
                context.drop("spec.externalIPs[" + i + "]", rawExternal.get(i), AN_ADDRESS);
            } else {
                externalIps.add(ip);
            }
        }
        return new ServiceFrontends(externalIps, decodeIngress(context, service), decodeSourceRanges(context, spec));
    }

    /** kube-proxy's VIP-mode ingress IPs: entries without an IP (hostname only) or with {@code ipMode: Proxy} skipped. */
    private static List<IpAddress> decodeIngress(DecodeContext context, Service service) {
        List<LoadBalancerIngress> ingress = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                ? List.of()
                : listOrEmpty(service.getStatus().getLoadBalancer().getIngress());
        List<IpAddress> ips = new ArrayList<>();
        for (int i = 0; i < ingress.size(); i++) {
            LoadBalancerIngress entry = ingress.get(i);
            if (entry.getIp() == null || entry.getIp().isEmpty() || IP_MODE_PROXY.equals(entry.getIpMode())) {
                continue;
            }
            IpAddress ip = parseAddress(entry.getIp());
            if (ip == null) {
                context.drop("status.loadBalancer.ingress[" + i + "].ip", entry.getIp(), AN_ADDRESS);
            } else {
                ips.add(ip);
            }
        }
        return ips;
    }

    /** Trimmed first, since API validation mistakenly allows white-space padding (kube-proxy does the same). */
    private static List<Cidr> decodeSourceRanges(DecodeContext context, ServiceSpec spec) {
        return context.cidrs("spec.loadBalancerSourceRanges", listOrEmpty(spec.getLoadBalancerSourceRanges()));
    }

    private static ServicePolicies decodePolicies(DecodeContext context, ServiceSpec spec, ServiceType type)
            throws InvalidObjectException {
        TrafficPolicy external = decodePolicy(context, "spec.externalTrafficPolicy", spec.getExternalTrafficPolicy());
        TrafficPolicy internal = decodePolicy(context, "spec.internalTrafficPolicy", spec.getInternalTrafficPolicy());
        int healthCheckNodePort = 0;
        // kube-proxy's NeedsHealthCheck: only a LoadBalancer with externalTrafficPolicy Local serves one.
        if (type == ServiceType.LOAD_BALANCER && external == TrafficPolicy.LOCAL) {
            Integer raw = spec.getHealthCheckNodePort();
            healthCheckNodePort = raw == null ? 0 : raw;
            if (healthCheckNodePort < 0 || healthCheckNodePort > 65_535) {
                throw context.invalid("spec.healthCheckNodePort", raw, "0-65535");
            }
        }
        return new ServicePolicies(external, internal, decodeAffinity(context, spec), healthCheckNodePort);
    }

    private static TrafficPolicy decodePolicy(DecodeContext context, String field, String text)
            throws InvalidObjectException {
        try {
            return TrafficPolicy.parse(field, text);
        } catch (IllegalArgumentException e) {
            throw context.invalid(field, text, "Cluster or Local");
        }
    }

    private static SessionAffinity decodeAffinity(DecodeContext context, ServiceSpec spec)
            throws InvalidObjectException {
        String affinity = spec.getSessionAffinity();
        if (affinity == null || affinity.isEmpty() || affinity.equals("None")) {
            return SessionAffinity.NONE;
        }
        if (!affinity.equals("ClientIP")) {
            throw context.invalid("spec.sessionAffinity", affinity, "None or ClientIP");
        }
        Integer timeout = spec.getSessionAffinityConfig() == null
                || spec.getSessionAffinityConfig().getClientIP() == null
                ? null
                : spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
        int seconds = timeout == null ? SessionAffinity.DEFAULT_TIMEOUT_SECONDS : timeout;
        if (seconds < 1 || seconds > 86_400) {
            throw context.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout, "1-86400");
        }
        return SessionAffinity.clientIp(seconds);
    }

    /** The address, or null when the text is not an IP literal. */
    static IpAddress parseAddress(String text) {
        try {
            return IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
