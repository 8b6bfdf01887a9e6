package dev.junction.userspace.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;

/** The {@code sockaddr_in} or {@code sockaddr_in6} of an address, in a direct buffer for the kernel to read. */
final class Sockaddr {

    private static final short AF_INET = 2;
    private static final short AF_INET6 = 10;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private Sockaddr() {
    }

    /** A new direct buffer holding exactly the structure; the caller releases it. */
    static ByteBuf of(InetSocketAddress address, ByteBufAllocator allocator) {
        byte[] ip = address.getAddress().getAddress();
        boolean ipv6 = ip.length == 16;
        ByteBuf sockaddr = allocator.directBuffer(ipv6 ? 28 : 16);
        // The family and scope are host order, the port network order.
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

    private static void writeNativeShort(ByteBuf buffer, short value) {
        if (LITTLE_ENDIAN) {
            buffer.writeShortLE(value);
        } else {
            buffer.writeShort(value);
        }
    }
}
