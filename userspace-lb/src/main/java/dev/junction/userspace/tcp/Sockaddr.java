package dev.junction.userspace.tcp;

import dev.junction.core.net.IpAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The kernel's {@code sockaddr_in} and {@code sockaddr_in6}: the family and scope in host byte order, the port and the
 * address in network byte order. Written for the ring's connects, read from {@code SO_ORIGINAL_DST}.
 */
public final class Sockaddr {

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int IN_LENGTH = 16;
    public static final int IN6_LENGTH = 28;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Sockaddr() {
    }

    /** A new direct buffer holding exactly the structure; the caller releases it. */
    static ByteBuf encode(InetSocketAddress address, ByteBufAllocator allocator) {
        byte[] ip = address.getAddress().getAddress();
        boolean ipv6 = ip.length == 16;
        ByteBuf sockaddr = allocator.directBuffer(ipv6 ? IN6_LENGTH : IN_LENGTH);
        writeNativeShort(sockaddr, ipv6 ? AF_INET6 : AF_INET);
        sockaddr.writeShort(address.getPort());
        if (ipv6) {
            sockaddr.writeInt(0); // flow info
            sockaddr.writeBytes(ip);
            int scope = ((Inet6Address) address.getAddress()).getScopeId();
            if (LITTLE_ENDIAN) {
                sockaddr.writeIntLE(scope);
            } else {
                sockaddr.writeInt(scope);
            }
        } else {
            sockaddr.writeBytes(ip);
            sockaddr.writeZero(8);
        }
        return sockaddr;
    }

    /**
     * Reads the first {@code length} bytes of {@code sockaddr}.
     *
     * @throws IllegalArgumentException when they hold neither structure
     */
    public static InetSocketAddress decode(byte[] sockaddr, int length) {
        if (length < 2) {
            throw new IllegalArgumentException("sockaddr of " + length + " bytes (expected: 16 or 28)");
        }
        int family = ByteBuffer.wrap(sockaddr, 0, 2).order(ByteOrder.nativeOrder()).getShort() & 0xffff;
        int port = ByteBuffer.wrap(sockaddr, 2, 2).order(ByteOrder.BIG_ENDIAN).getShort() & 0xffff;
        if (family == AF_INET && length >= IN_LENGTH) {
            return new InetSocketAddress(IpAddress.ofBytes(Arrays.copyOfRange(sockaddr, 4, 8)).inet(), port);
        }
        if (family == AF_INET6 && length >= IN6_LENGTH) {
            return new InetSocketAddress(IpAddress.ofBytes(Arrays.copyOfRange(sockaddr, 8, 24)).inet(), port);
        }
        throw new IllegalArgumentException("sockaddr family " + family + " of " + length
                + " bytes (expected: AF_INET in 16 bytes or AF_INET6 in 28)");
    }

    private static void writeNativeShort(ByteBuf buffer, int value) {
        if (LITTLE_ENDIAN) {
            buffer.writeShortLE(value);
        } else {
            buffer.writeShort(value);
        }
    }
}
