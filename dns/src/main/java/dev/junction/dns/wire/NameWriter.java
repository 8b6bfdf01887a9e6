package dev.junction.dns.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Arrays;

/**
 * Writes names into one message, compressing them (RFC 1035 4.1.4) against the names already written. Names are
 * absolute presentation names without escapes, as the zone holds them, so that a name's characters map one to one
 * onto its wire octets ({@code "ab.c."} is {@code 2 a b 1 c 0}). One message at a time; not thread-safe.
 *
 * <p>A message holds a handful of names, so they are kept in small arrays and suffixes are compared in place. Each
 * event loop thread reuses its own writer ({@link #forMessage()}): the hot path allocates nothing.
 */
final class NameWriter {

    private static final int MAX_POINTER_OFFSET = 0x3fff;
    private static final int INITIAL_NAMES = 4; // a positive answer writes one or two names
    private static final FastThreadLocal<NameWriter> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected NameWriter initialValue() {
            return new NameWriter();
        }
    };

    /** Names written (or remembered), their offsets, and how many of their characters are literal labels. */
    private String[] names = new String[INITIAL_NAMES];
    private int[] offsets = new int[INITIAL_NAMES];
    private int[] literal = new int[INITIAL_NAMES];
    private int count;

    /** This thread's writer, emptied for a new message. */
    static NameWriter forMessage() {
        NameWriter writer = PER_THREAD.get();
        Arrays.fill(writer.names, 0, writer.count, null);
        writer.count = 0;
        return writer;
    }

    /** Writes {@code name}, replacing its longest suffix already written by a pointer. */
    void write(ByteBuf out, String name) {
        write(out, name, true);
    }

    /** Writes {@code name} in full (SRV targets must not be compressed, RFC 2782); later names may point into it. */
    void writeUncompressed(ByteBuf out, String name) {
        write(out, name, false);
    }

    /** Makes the suffixes of a name already at {@code offset}, written in full, available to later names. */
    void remember(String name, int offset) {
        add(name, offset, name.length() - 1);
    }

    private void write(ByteBuf out, String name, boolean compress) {
        int start = out.writerIndex();
        int position = 0;
        int last = name.length() - 1; // the root's dot
        while (position < last) {
            int pointer = compress ? find(name, position) : -1;
            if (pointer >= 0) {
                out.writeShort(0xc000 | pointer);
                add(name, start, position);
                return;
            }
            int dot = name.indexOf('.', position);
            out.writeByte(dot - position);
            for (int i = position; i < dot; i++) {
                out.writeByte(name.charAt(i));
            }
            position = dot + 1;
        }
        out.writeByte(0);
        add(name, start, Math.max(0, last));
    }

    /** The offset of {@code name}'s suffix from {@code from} where some written name holds it literally, or -1. */
    private int find(String name, int from) {
        int suffix = name.length() - from;
        for (int i = 0; i < count; i++) {
            String known = names[i];
            int at = known.length() - suffix; // where the suffix would start in the known name
            if (at >= 0 && at < literal[i] && offsets[i] + at <= MAX_POINTER_OFFSET
                    && (at == 0 || known.charAt(at - 1) == '.') && known.regionMatches(at, name, from, suffix)) {
                return offsets[i] + at;
            }
        }
        return -1;
    }

    /** Remembers a name written at {@code offset} whose first {@code literalChars} characters are plain labels. */
    private void add(String name, int offset, int literalChars) {
        if (offset > MAX_POINTER_OFFSET || literalChars == 0) {
            return;
        }
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            literal = Arrays.copyOf(literal, count * 2);
        }
        names[count] = name;
        offsets[count] = offset;
        literal[count] = literalChars;
        count++;
    }
}
