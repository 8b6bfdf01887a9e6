package dev.junction.core.config;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Parses the CIDRs written in flags and config files, with messages that say which part is wrong. */
public final class ClusterCidrs {

    private ClusterCidrs() {
    }

    /**
     * Parses {@code address/prefix}.
     *
     * @param expected what the caller accepts, for the message when there is no prefix at all
     */
    static Cidr parseOne(String text, String expected) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no /prefix-length (expected: " + expected + ")");
        }
        IpAddress address = IpAddress.parse(text.substring(0, slash));
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("prefix length \"" + prefix + "\" (expected: a number)");
        }
        return new Cidr(address, Integer.parseInt(prefix));
    }

    /**
     * Parses kube-proxy's {@code clusterCIDR}: one CIDR, or a comma-separated dual-stack pair (at most one per
     * family). Empty text means no cluster CIDR.
     */
    public static List<Cidr> parse(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        List<Cidr> cidrs = new ArrayList<>();
        Set<IpFamily> families = EnumSet.noneOf(IpFamily.class);
        for (String part : text.split(",", -1)) {
            Cidr cidr = parseOne(part.strip(), "address/prefix-length, or a comma-separated IPv4,IPv6 pair");
            if (!families.add(cidr.family())) {
                throw new IllegalArgumentException("two " + cidr.family()
                        + " CIDRs (expected: at most one CIDR per IP family)");
            }
            cidrs.add(cidr);
        }
        return List.copyOf(cidrs);
    }
}
