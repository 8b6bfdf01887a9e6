package dev.junction.dns.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Query messages in wire format for tests, written by hand rather than by the code under test. */
public final class Queries {

    public static final int RD = 0x0100;

    private Queries() {
    }

    /** A query with one question, RD set, no EDNS. */
    public static ByteBuf query(int id, String name, int type) {
        return query(id, RD, name, type, 1, -1, 0);
    }

    /**
     * @param udpSize the OPT record's UDP size, or -1 for no OPT record
     * @param ednsVersion the OPT record's version
     */
    public static ByteBuf query(int id, int flags, String name, int type, int dnsClass, int udpSize, int ednsVersion) {
        ByteBuf out = Unpooled.buffer();
        out.writeShort(id).writeShort(flags).writeShort(1).writeShort(0).writeShort(0)
                .writeShort(udpSize < 0 ? 0 : 1);
        writeName(out, name);
        out.writeShort(type).writeShort(dnsClass);
        if (udpSize >= 0) {
            out.writeByte(0).writeShort(41).writeShort(udpSize).writeInt(ednsVersion << 16).writeShort(0);
        }
        return out;
    }

    public static void writeName(ByteBuf out, String name) {
        for (String label : name.split("\\.")) {
            if (!label.isEmpty()) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                out.writeByte(bytes.length).writeBytes(bytes);
            }
        }
        out.writeByte(0);
    }

    /** The rcode in a reply's header (low four bits). */
    public static int rcode(ByteBuf reply) {
        return reply.getUnsignedByte(reply.readerIndex() + 3) & 0xf;
    }

    public static int flags(ByteBuf reply) {
        return reply.getUnsignedShort(reply.readerIndex() + 2);
    }

    public static int count(ByteBuf reply, int section) {
        return reply.getUnsignedShort(reply.readerIndex() + 4 + 2 * section);
    }
}
