package dev.junction.core.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run of netlink attributes ({@code struct nlattr}: u16 length, u16 type, value, padding to 4 bytes) with
 * every length checked against what is left, so a truncated or malformed reply fails with a
 * {@link MalformedNetlinkException} naming where, never with an index error.
 */
public final class NetlinkAttributes {

    /** One attribute; {@code type} has the nested and byte-order flags masked off. */
    public record Attribute(int type, ByteBuffer value, String path) {

        /** The value as a nested run of attributes, {@code name} (such as {@code CTA_TUPLE_IP}) in its errors. */
        public List<Attribute> nested(String name) {
            return parse(value, name);
        }

        public int u8() {
            expectLength(1);
            return value.get(0) & 0xff;
        }

        /** A big-endian u16, as ctnetlink sends ports. */
        public int be16() {
            expectLength(2);
            return (value.get(0) & 0xff) << 8 | value.get(1) & 0xff;
        }

        /** A big-endian u64, as nfnetlink_acct sends its counters. */
        public long be64() {
            expectLength(8);
            return value.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(0);
        }

        public byte[] bytes(int expectedLength) {
            expectLength(expectedLength);
            byte[] bytes = new byte[expectedLength];
            value.get(0, bytes);
            return bytes;
        }

        private void expectLength(int expected) {
            if (value.remaining() != expected) {
                throw new MalformedNetlinkException(
                        path + ": value of " + value.remaining() + " bytes (expected: " + expected + ")");
            }
        }
    }

    private NetlinkAttributes() {
    }

    /**
     * The attributes from {@code region}'s position to its limit, read in {@code region}'s byte order.
     *
     * @param path where the run is, such as {@code CTA_TUPLE_ORIG}, for error messages
     */
    public static List<Attribute> parse(ByteBuffer region, String path) {
        ByteOrder order = region.order();
        List<Attribute> attributes = new ArrayList<>();
        int offset = region.position();
        int end = region.limit();
        while (offset < end) {
            if (end - offset < Netlink.NLA_HDRLEN) {
                throw new MalformedNetlinkException(path + ": " + (end - offset)
                        + " trailing bytes at offset " + offset + " (expected: an attribute header of 4)");
            }
            int length = Short.toUnsignedInt(region.getShort(offset));
            int type = Short.toUnsignedInt(region.getShort(offset + 2)) & Netlink.NLA_TYPE_MASK;
            String attributePath = path + ": attribute type " + type;
            if (length < Netlink.NLA_HDRLEN || length > end - offset) {
                throw new MalformedNetlinkException(attributePath + " length " + length + " at offset " + offset
                        + " (expected: 4-" + (end - offset) + ")");
            }
            ByteBuffer value = region.slice(offset + Netlink.NLA_HDRLEN, length - Netlink.NLA_HDRLEN).order(order);
            attributes.add(new Attribute(type, value, attributePath));
            offset = Math.min(end, offset + Netlink.align(length));
        }
        return attributes;
    }
}
