package dev.junction.core.model;

import static dev.junction.core.model.DecodeContext.listOrEmpty;
import static dev.junction.core.model.DecodeContext.mapOrEmpty;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Fabric8 {@link Node} into a {@link NodeInfo}. Unparsable addresses and pod CIDRs are dropped one by one and
 * reported. Eligibility follows kube-proxy's {@code proxy_health.go}: a Node being deleted, or tainted
 * {@code ToBeDeletedByClusterAutoscaler}, is not eligible. Stateless and thread-safe.
 */
public final class NodeDecoder {

    public static final String TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";
    static final String KIND = "Node";

    private NodeDecoder() {
    }

    public static Decoded<NodeInfo> decode(Node node) throws InvalidObjectException {
        DecodeContext context = DecodeContext.of(KIND, node);
        NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
        NodeInfo info = new NodeInfo(
                context.ref().name(),
                mapOrEmpty(node.getMetadata().getLabels()),
                decodeAddresses(context, node),
                decodePodCidrs(context, spec),
                isEligible(node, spec));
        return context.result(info);
    }

    /** InternalIP addresses first, then ExternalIP ones, each in API order. */
    private static List<IpAddress> decodeAddresses(DecodeContext context, Node node) {
        List<NodeAddress> raw = node.getStatus() == null ? List.of() : listOrEmpty(node.getStatus().getAddresses());
        List<IpAddress> addresses = new ArrayList<>();
        for (String type : List.of("InternalIP", "ExternalIP")) {
            for (int i = 0; i < raw.size(); i++) {
                if (!type.equals(raw.get(i).getType())) {
                    continue;
                }
                IpAddress ip = ServiceDecoder.parseAddress(raw.get(i).getAddress());
                if (ip == null) {
                    context.drop("status.addresses[" + i + "].address", raw.get(i).getAddress(),
                            "an IPv4 or IPv6 address");
                } else {
                    addresses.add(ip);
                }
            }
        }
        return addresses;
    }

    /** {@code spec.podCIDRs}, or the older single {@code spec.podCIDR}. */
    private static List<Cidr> decodePodCidrs(DecodeContext context, NodeSpec spec) {
        List<String> raw = listOrEmpty(spec.getPodCIDRs());
        if (!raw.isEmpty()) {
            return context.cidrs("spec.podCIDRs", raw);
        }
        String single = spec.getPodCIDR();
        return single == null || single.isEmpty() ? List.of() : context.cidr("spec.podCIDR", single).stream().toList();
    }

    private static boolean isEligible(Node node, NodeSpec spec) {
        String deletion = node.getMetadata().getDeletionTimestamp();
        if (deletion != null && !deletion.isEmpty()) {
            return false;
        }
        return listOrEmpty(spec.getTaints()).stream().map(Taint::getKey).noneMatch(TO_BE_DELETED_TAINT::equals);
    }
}
