package dev.junction.core.model;

import static dev.junction.core.model.DecodeContext.listOrEmpty;
import static dev.junction.core.model.DecodeContext.mapOrEmpty;

import dev.junction.core.model.EndpointInfo.EndpointConditions;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointHints;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.ForNode;
import io.fabric8.kubernetes.api.model.discovery.v1.ForZone;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a Fabric8 {@link EndpointSlice} into an {@link EndpointSliceInfo}, keeping what kube-proxy's
 * {@code EndpointSliceCache} reads.
 *
 * <p>Slices without the {@code kubernetes.io/service-name} label, and FQDN slices, are not proxied: the result is
 * empty, which is not an error. Ports with no name, or no (or a zero) port number, are dropped as kube-proxy ignores
 * them; so are endpoints whose first address is unparsable or of the wrong family. Each drop is reported in
 * {@link Decoded#dropped()} and the rest of the slice is kept. Stateless and thread-safe.
 */
public final class EndpointSliceDecoder {

    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    public static final String TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";
    static final String KIND = "EndpointSlice";

    private EndpointSliceDecoder() {
    }

    /** The decoded slice, or empty when it is unlabelled or of address type FQDN. */
    public static Optional<Decoded<EndpointSliceInfo>> decode(EndpointSlice slice) throws InvalidObjectException {
        DecodeContext context = DecodeContext.of(KIND, slice);
        String serviceName = mapOrEmpty(slice.getMetadata().getLabels()).get(SERVICE_NAME_LABEL);
        if (serviceName == null || serviceName.isEmpty() || "FQDN".equals(slice.getAddressType())) {
            return Optional.empty();
        }
        IpFamily family = decodeAddressType(context, slice.getAddressType());
        EndpointSliceInfo info = new EndpointSliceInfo(
                context.ref(),
                serviceName,
                family,
                decodePorts(context, listOrEmpty(slice.getPorts())),
                decodeEndpoints(context, family, listOrEmpty(slice.getEndpoints())),
                decodeTriggerTime(context, mapOrEmpty(slice.getMetadata().getAnnotations())));
        return Optional.of(context.result(info));
    }

    private static IpFamily decodeAddressType(DecodeContext context, String text) throws InvalidObjectException {
        for (IpFamily family : IpFamily.values()) {
            if (family.kubernetesName().equals(text)) {
                return family;
            }
        }
        throw context.invalid("addressType", text, "IPv4, IPv6 or FQDN");
    }

    private static List<EndpointPortInfo> decodePorts(DecodeContext context, List<EndpointPort> ports) {
        List<EndpointPortInfo> decoded = new ArrayList<>(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            EndpointPort port = ports.get(i);
            String field = "ports[" + i + "]";
            if (port.getName() == null) {
                context.drop(field + ".name", null, "a name, \"\" for an unnamed Service port");
                continue;
            }
            Integer number = port.getPort();
            if (number == null || number < 1 || number > 65_535) {
                context.drop(field + ".port", number, "1-65535");
                continue;
            }
            try {
                decoded.add(new EndpointPortInfo(port.getName(), Protocol.parse(port.getProtocol()), number));
            } catch (IllegalArgumentException e) {
                context.drop(field + ".protocol", port.getProtocol(), "TCP, UDP or SCTP");
            }
        }
        return decoded;
    }

    private static List<EndpointInfo> decodeEndpoints(DecodeContext context, IpFamily family, List<Endpoint> eps) {
        List<EndpointInfo> decoded = new ArrayList<>(eps.size());
        for (int i = 0; i < eps.size(); i++) {
            Endpoint endpoint = eps.get(i);
            List<IpAddress> addresses = decodeAddresses(context, family, "endpoints[" + i + "]", endpoint);
            if (addresses.isEmpty()) {
                continue;
            }
            var conditions = endpoint.getConditions();
            decoded.add(new EndpointInfo(
                    addresses,
                    endpoint.getHostname(),
                    endpoint.getNodeName(),
                    endpoint.getZone(),
                    conditions == null
                            ? EndpointConditions.of(null, null, null)
                            : EndpointConditions.of(conditions.getReady(), conditions.getServing(),
                                    conditions.getTerminating()),
                    zoneHints(endpoint.getHints()),
                    nodeHints(endpoint.getHints()),
                    podName(endpoint)));
        }
        return decoded;
    }

    /**
     * The endpoint's addresses. kube-proxy proxies to the first one only, so a bad first address drops the whole
     * endpoint (the result is empty); a bad later address drops just that address.
     */
    private static List<IpAddress> decodeAddresses(
            DecodeContext context, IpFamily family, String field, Endpoint endpoint) {
        List<String> raw = listOrEmpty(endpoint.getAddresses());
        if (raw.isEmpty()) {
            context.drop(field + ".addresses", "[]", "at least one address");
            return List.of();
        }
        List<IpAddress> addresses = new ArrayList<>(raw.size());
        for (int j = 0; j < raw.size(); j++) {
            IpAddress ip = ServiceDecoder.parseAddress(raw.get(j));
            if (ip == null || ip.family() != family) {
                context.drop(field + ".addresses[" + j + "]", raw.get(j), "an " + family + " address");
                if (j == 0) {
                    return List.of();
                }
            } else {
                addresses.add(ip);
            }
        }
        return addresses;
    }

    private static Set<String> zoneHints(EndpointHints hints) {
        return hints == null ? Set.of() : listOrEmpty(hints.getForZones()).stream()
                .map(ForZone::getName).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<String> nodeHints(EndpointHints hints) {
        return hints == null ? Set.of() : listOrEmpty(hints.getForNodes()).stream()
                .map(ForNode::getName).collect(Collectors.toUnmodifiableSet());
    }

    private static String podName(Endpoint endpoint) {
        var target = endpoint.getTargetRef();
        return target != null && "Pod".equals(target.getKind()) ? target.getName() : "";
    }

    /** The controller's RFC 3339 trigger time; an unparsable one is reported and ignored. */
    private static Optional<Instant> decodeTriggerTime(DecodeContext context, Map<String, String> annotations) {
        String text = annotations.get(TRIGGER_TIME_ANNOTATION);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            context.drop("metadata.annotations[" + TRIGGER_TIME_ANNOTATION + "]", text, "an RFC 3339 time");
            return Optional.empty();
        }
    }
}
