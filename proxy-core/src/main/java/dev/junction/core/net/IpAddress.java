package dev.junction.core.net;

import io.netty.buffer.ByteBuf;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address, parsed without ever resolving a name.
 *
 * <p>Parsing follows kube-proxy's {@code ParseIPSloppy}: IPv4 octets with leading zeros are read as decimal
 * ({@code 010.0.0.1} is {@code 10.0.0.1}), as old objects in etcd may hold them. An IPv4-mapped IPv6 address is an
 * IPv4 address, as in Go. {@link #toString()} is the canonical form (RFC 5952 for IPv6).
 *
 * <p>Not a record: it keeps the octets beside the {@link InetAddress}, whose {@code getAddress()} copies them on every
 * call, so that comparing addresses and writing one into a DNS answer copy nothing.
 */
public final class IpAddress implements Comparable<IpAddress> {

    private final InetAddress inet;
    private final byte[] octets;

    public IpAddress(InetAddress inet) {
        if (inet == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        this.inet = inet;
        this.octets = inet.getAddress();
    }

    /** Parses a literal address; throws {@link IllegalArgumentException} naming the text when it is not one. */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("IP address \"\" (expected: an IPv4 or IPv6 literal)");
        }
        byte[] bytes = text.indexOf(':') >= 0 ? parseV6(text) : parseV4Sloppy(text);
        if (bytes == null) {
            throw new IllegalArgumentException("IP address \"" + text + "\" (expected: an IPv4 or IPv6 literal)");
        }
        try {
            return new IpAddress(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("IP address \"" + text + "\": " + e.getMessage(), e);
        }
    }

    public static IpAddress ofBytes(byte[] bytes) {
        try {
            return new IpAddress(InetAddress.getByAddress(bytes.clone()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + bytes.length + " bytes (expected: 4 or 16)", e);
        }
    }

    public InetAddress inet() {
        return inet;
    }

    public IpFamily family() {
        // Not from getAddress(): that copies the address, and the family is asked per connection and per query.
        return inet instanceof Inet4Address ? IpFamily.IPV4 : IpFamily.IPV6;
    }

    /** A copy of the address in network byte order (4 or 16 bytes). */
    public byte[] bytes() {
        return octets.clone();
    }

    /** Writes the address in network byte order (4 or 16 bytes) into {@code out}. */
    public void writeTo(ByteBuf out) {
        out.writeBytes(octets);
    }

    public boolean isLoopback() {
        return inet.isLoopbackAddress();
    }

    @Override
    public int compareTo(IpAddress other) {
        int byFamily = family().compareTo(other.family());
        return byFamily != 0 ? byFamily : Arrays.compareUnsigned(octets, other.octets);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress address && inet.equals(address.inet);
    }

    @Override
    public int hashCode() {
        return inet.hashCode();
    }

    @Override
    public String toString() {
        return NetUtil.toAddressString(inet);
    }

    private static byte[] parseV6(String text) {
        if (text.indexOf('%') >= 0) {
            return null; // zone indices never appear in Kubernetes objects
        }
        return NetUtil.createByteArrayFromIpAddressString(text);
    }

    private static byte[] parseV4Sloppy(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }
}
