package dev.junction.dns.records;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;

/** Names derived from addresses: reverse-lookup names (RFC 1035 3.5, RFC 3596 2.5) and the dashed labels of pods. */
final class ReverseNames {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ReverseNames() {
    }

    /** {@code 10.0.0.1} gives {@code 1.0.0.10.in-addr.arpa.}; IPv6 gives 32 reversed nibbles under ip6.arpa. */
    static String of(IpAddress address) {
        byte[] bytes = address.bytes();
        StringBuilder name = new StringBuilder(74);
        if (address.family() == IpFamily.IPV4) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append('.');
            }
            return name.append("in-addr.arpa.").toString();
        }
        for (int i = bytes.length - 1; i >= 0; i--) {
            name.append(HEX[bytes[i] & 0xf]).append('.').append(HEX[(bytes[i] >> 4) & 0xf]).append('.');
        }
        return name.append("ip6.arpa.").toString();
    }

    /**
     * The label of an endpoint without hostname, as CoreDNS's {@code endpointHostname}: {@code 198-18-1-5}; for IPv6
     * the colons become dashes and a trailing dash gets a {@code 0}.
     */
    static String dashed(IpAddress address) {
        String text = address.toString();
        String dashed = address.family() == IpFamily.IPV4 ? text.replace('.', '-') : text.replace(':', '-');
        return dashed.endsWith("-") ? dashed + "0" : dashed;
    }

    /** The address a pod label such as {@code 198-18-1-5} (or a dashed IPv6 address) stands for, or null. */
    static IpAddress undashed(String label) {
        long dashes = label.chars().filter(c -> c == '-').count();
        boolean ipv4 = dashes == 3 && label.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9'));
        if (!ipv4 && dashes < 2) {
            return null;
        }
        try {
            return IpAddress.parse(ipv4 ? label.replace('-', '.') : label.replace('-', ':'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True for names under in-addr.arpa or ip6.arpa. */
    static boolean isReverse(String name) {
        return name.endsWith(".in-addr.arpa.") || name.endsWith(".ip6.arpa.");
    }
}
