package dev.junction.core.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes one nfnetlink request: the message header and {@code struct nfgenmsg}, then attributes. Pure: the bytes
 * depend only on the calls and the host byte order, which netlink uses for its headers. Not thread-safe; one
 * instance per request.
 */
public final class NetlinkRequest {

    /** Larger than any request Junction builds (an IPv6 conntrack delete is 96 bytes). */
    private static final int MAX_REQUEST = 256;

    private final ByteBuffer message;

    /**
     * @param type   the nfnetlink message type, {@link Netlink#messageType}
     * @param family the nfgenmsg family, such as {@code AF_INET}, or {@link Netlink#AF_UNSPEC}
     */
    public NetlinkRequest(ByteOrder hostOrder, int type, int flags, int sequence, int family) {
        message = ByteBuffer.allocate(MAX_REQUEST).order(hostOrder);
        message.putInt(0); // length, set by toBytes()
        message.putShort((short) type);
        message.putShort((short) flags);
        message.putInt(sequence);
        message.putInt(0); // port id 0: the kernel assigns ours
        message.put((byte) family);
        message.put((byte) Netlink.NFNETLINK_V0);
        message.putShort((short) 0); // resource id, big-endian in the kernel's struct; zero either way
    }

    public NetlinkRequest attribute(int type, byte[] value) {
        int length = Netlink.NLA_HDRLEN + value.length;
        message.putShort((short) length);
        message.putShort((short) type);
        message.put(value);
        message.put(new byte[Netlink.align(length) - length]);
        return this;
    }

    /** Starts a nested attribute; returns where it starts, for {@link #endNested}. */
    public int beginNested(int type) {
        int start = message.position();
        message.putShort((short) 0);
        message.putShort((short) (type | Netlink.NLA_F_NESTED));
        return start;
    }

    public void endNested(int start) {
        message.putShort(start, (short) (message.position() - start));
    }

    /** The finished message, its length set. */
    public byte[] toBytes() {
        int length = message.position();
        message.putInt(0, length);
        return Arrays.copyOf(message.array(), length);
    }
}
