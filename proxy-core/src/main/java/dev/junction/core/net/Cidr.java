package dev.junction.core.net;

/**
 * A network prefix such as {@code 198.18.0.0/15}. The address is masked to the prefix, as Go's
 * {@code ParseCIDR} does, so {@code 198.18.1.7/16} and {@code 198.18.0.0/16} are equal.
 */
public record Cidr(IpAddress network, int prefixLength) implements Comparable<Cidr> {

    public Cidr {
        int bits = network.family().bits();
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " (expected: 0-" + bits + " for " + network.family() + ")");
        }
        network = IpAddress.ofBytes(mask(network.bytes(), prefixLength));
    }

    /** Parses {@code address/prefix}, trimming surrounding white space as kube-proxy does for source ranges. */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("CIDR \"" + text + "\" (expected: address/prefix-length)");
        }
        IpAddress address;
        int prefix;
        try {
            address = IpAddress.parse(trimmed.substring(0, slash));
            String prefixText = trimmed.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("prefix \"" + prefixText + "\"");
            }
            prefix = Integer.parseInt(prefixText);
            return new Cidr(address, prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "CIDR \"" + text + "\" (expected: address/prefix-length): " + e.getMessage(), e);
        }
    }

    /** The prefix that holds exactly one address. */
    public static Cidr host(IpAddress address) {
        return new Cidr(address, address.family().bits());
    }

    public IpFamily family() {
        return network.family();
    }

    public boolean contains(IpAddress address) {
        if (address.family() != family()) {
            return false;
        }
        byte[] masked = mask(address.bytes(), prefixLength);
        return java.util.Arrays.equals(masked, network.bytes());
    }

    @Override
    public int compareTo(Cidr other) {
        int byNetwork = network.compareTo(other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }

    private static byte[] mask(byte[] bytes, int prefixLength) {
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        return bytes;
    }
}
