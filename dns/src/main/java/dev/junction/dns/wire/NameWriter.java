package dev.junction.dns.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes names into one message, compressing them (RFC 1035 4.1.4) against the names already written. Names are
 * absolute presentation names without escapes, as the zone holds them. One writer per message; not thread-safe.
 */
final class NameWriter {

    private static final int MAX_POINTER_OFFSET = 0x3fff;

    private final Map<String, Integer> offsets = new HashMap<>();

    /** Writes {@code name}, replacing its longest suffix already written by a pointer. */
    void write(ByteBuf out, String name) {
        write(out, name, true);
    }

    /** Writes {@code name} in full (SRV targets must not be compressed, RFC 2782); later names may point into it. */
    void writeUncompressed(ByteBuf out, String name) {
        write(out, name, false);
    }

    /** Makes the suffixes of a name already at {@code offset} available to later names. */
    void remember(String name, int offset) {
        int position = offset;
        String rest = name;
        while (!rest.equals(".") && !rest.isEmpty() && position <= MAX_POINTER_OFFSET) {
            offsets.putIfAbsent(rest, position);
            int dot = rest.indexOf('.');
            position += dot + 1;
            rest = rest.substring(dot + 1);
        }
    }

    private void write(ByteBuf out, String name, boolean compress) {
        String rest = name;
        while (!rest.equals(".") && !rest.isEmpty()) {
            Integer pointer = compress ? offsets.get(rest) : null;
            if (pointer != null) {
                out.writeShort(0xc000 | pointer);
                return;
            }
            if (out.writerIndex() <= MAX_POINTER_OFFSET) {
                offsets.putIfAbsent(rest, out.writerIndex());
            }
            int dot = rest.indexOf('.');
            byte[] label = rest.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
            out.writeByte(label.length).writeBytes(label);
            rest = rest.substring(dot + 1);
        }
        out.writeByte(0);
    }
}
