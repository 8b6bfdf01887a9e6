package dev.junction.core.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of a datagram the kernel sent: the header's type, flags and sequence, and the payload after the
 * header (in host byte order).
 */
public record NetlinkMessage(int type, int flags, int sequence, ByteBuffer payload) {

    /**
     * The messages of one datagram ({@code length} bytes of {@code datagram}), every length checked.
     *
     * @throws MalformedNetlinkException when a header is truncated or a length runs past the datagram
     */
    public static List<NetlinkMessage> split(byte[] datagram, int length, ByteOrder hostOrder) {
        if (length < 0 || length > datagram.length) {
            throw new IllegalArgumentException(
                    "datagram length " + length + " (expected: 0-" + datagram.length + ", the buffer size)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(datagram, 0, length).order(hostOrder);
        List<NetlinkMessage> messages = new ArrayList<>();
        int offset = 0;
        while (offset < length) {
            if (length - offset < Netlink.NLMSG_HDRLEN) {
                throw new MalformedNetlinkException((length - offset) + " trailing bytes at offset " + offset
                        + " (expected: a 16-byte message header)");
            }
            int messageLength = buffer.getInt(offset);
            if (messageLength < Netlink.NLMSG_HDRLEN || messageLength > length - offset) {
                throw new MalformedNetlinkException("message length " + Integer.toUnsignedString(messageLength)
                        + " at offset " + offset + " (expected: 16-" + (length - offset) + ")");
            }
            messages.add(new NetlinkMessage(Short.toUnsignedInt(buffer.getShort(offset + 4)),
                    Short.toUnsignedInt(buffer.getShort(offset + 6)), buffer.getInt(offset + 8),
                    buffer.slice(offset + Netlink.NLMSG_HDRLEN, messageLength - Netlink.NLMSG_HDRLEN)
                            .order(hostOrder)));
            offset = Math.min(length, offset + Netlink.align(messageLength));
        }
        return messages;
    }

    /** {@code struct nlmsgerr} of an {@code NLMSG_ERROR}: a negative errno (0 for an ack), then the request's header. */
    public int errno() {
        if (payload.remaining() < 4) {
            throw new MalformedNetlinkException("NLMSG_ERROR with " + payload.remaining()
                    + " bytes (expected: at least a 4-byte error code)");
        }
        return -payload.getInt(0);
    }

    /**
     * The attributes after the nfgenmsg header of an nfnetlink message.
     *
     * @param what the message, such as {@code conntrack entry}, for errors
     */
    public List<NetlinkAttributes.Attribute> nfnetlinkAttributes(String what) {
        if (payload.remaining() < Netlink.NFGENMSG_LEN) {
            throw new MalformedNetlinkException(what + " of " + payload.remaining()
                    + " bytes (expected: at least the 4-byte nfgenmsg)");
        }
        return NetlinkAttributes.parse(payload.duplicate().position(Netlink.NFGENMSG_LEN).order(payload.order()),
                what);
    }
}
