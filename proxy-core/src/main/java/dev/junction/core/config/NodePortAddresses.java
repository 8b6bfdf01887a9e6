package dev.junction.core.config;

import dev.junction.core.net.Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * The node addresses NodePorts are served on (kube-proxy's {@code nodePortAddresses}): every local address when
 * {@link #isAll()}, otherwise the node's primary IPs (if {@code primary}) plus local addresses inside {@code cidrs}.
 * The keywords {@code localhost} and {@code all} expand to CIDRs, as in kube-proxy.
 */
public record NodePortAddresses(boolean primary, List<Cidr> cidrs) {

    private static final List<Cidr> LOCALHOST = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
    private static final List<Cidr> EVERYWHERE = List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0"));

    public NodePortAddresses {
        cidrs = List.copyOf(cidrs);
    }

    /** iptables' and ipvs' default: NodePorts on every local address. */
    public static NodePortAddresses all() {
        return new NodePortAddresses(false, List.of());
    }

    /** nftables' default: NodePorts on the Node object's primary IPs only. */
    public static NodePortAddresses primaryOnly() {
        return new NodePortAddresses(true, List.of());
    }

    /**
     * Parses a list of CIDRs and the keywords {@code primary}, {@code localhost} and {@code all}.
     *
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static NodePortAddresses parse(List<String> entries) {
        boolean primary = false;
        List<Cidr> cidrs = new ArrayList<>();
        for (String entry : entries) {
            switch (entry) {
                case "primary" -> primary = true;
                case "localhost" -> cidrs.addAll(LOCALHOST);
                case "all" -> cidrs.addAll(EVERYWHERE);
                default -> cidrs.add(ClusterCidrs.parseOne(entry, "a CIDR or one of primary, localhost, all"));
            }
        }
        return new NodePortAddresses(primary, cidrs);
    }

    public boolean isAll() {
        return !primary && (cidrs.isEmpty() || cidrs.containsAll(EVERYWHERE));
    }
}
