package dev.junction.core.conntrack;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * Writes netlink datagrams by hand, little-endian like the x86 and arm64 hosts we run on, to feed the decoder: the
 * test-side stand-in for the kernel. Deliberately independent of {@link CtnetlinkEncoder}.
 */
final class NetlinkBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Deque<Integer> open = new ArrayDeque<>();

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("[\\s|]", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Starts a message; close it with {@link #end()}. */
    NetlinkBytes message(int type, int flags, int sequence) {
        open.push(out.size());
        u32(0).u16(type).u16(flags).u32(sequence).u32(4242);
        return this;
    }

    NetlinkBytes nfgenmsg(int family) {
        out.write(family);
        out.write(0);
        return u16(0);
    }

    /** Starts a nested attribute; close it with {@link #end()}. */
    NetlinkBytes nest(int type) {
        open.push(out.size());
        return u16(0).u16(type | 0x8000);
    }

    NetlinkBytes attribute(int type, byte... value) {
        u16(4 + value.length).u16(type);
        out.writeBytes(value);
        return pad();
    }

    NetlinkBytes u8(int type, int value) {
        return attribute(type, (byte) value);
    }

    NetlinkBytes be16(int type, int value) {
        return attribute(type, (byte) (value >>> 8), (byte) value);
    }

    NetlinkBytes be32(int type, long value) {
        return attribute(type, (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value);
    }

    NetlinkBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** Closes the innermost open message or nested attribute, writing its length. */
    NetlinkBytes end() {
        int start = open.pop();
        byte[] bytes = out.toByteArray();
        int length = bytes.length - start;
        boolean message = open.isEmpty();
        bytes[start] = (byte) length;
        bytes[start + 1] = (byte) (length >>> 8);
        if (message) {
            bytes[start + 2] = (byte) (length >>> 16);
            bytes[start + 3] = (byte) (length >>> 24);
        }
        out.reset();
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private NetlinkBytes u16(int value) {
        out.write(value);
        out.write(value >>> 8);
        return this;
    }

    private NetlinkBytes u32(int value) {
        return u16(value).u16(value >>> 16);
    }

    private NetlinkBytes pad() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        return this;
    }
}
