package dev.junction.dns.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;

/**
 * Reads domain names in wire format (RFC 1035 4.1.4), following compression pointers. Guards: at most 255 octets per
 * name, labels of at most 63 octets, pointers only backwards and at most {@value #MAX_POINTERS} of them (loops).
 */
final class Names {

    private static final int MAX_NAME_OCTETS = 255;
    private static final int MAX_POINTERS = 32;
    /** A name's presentation form at its longest: every octet escaped as {@code \DDD} (labels' dots included). */
    private static final int MAX_PRESENTATION = 4 * MAX_NAME_OCTETS;
    /**
     * Where a name is assembled before it becomes a {@code String}: one array per thread instead of a
     * {@code StringBuilder} per name, which was the largest allocation of a DNS query.
     */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_PRESENTATION];
        }
    };

    private Names() {
    }

    /**
     * Reads the name at the reader index (advancing past it) in presentation form: absolute with a trailing dot,
     * case kept, {@code .} and {@code \} inside labels and non-printable octets escaped as {@code \DDD}. The message
     * begins at index {@code start}: compression pointers and the offsets in errors count from there.
     */
    static String read(ByteBuf message, int start) throws MalformedMessageException {
        byte[] name = SCRATCH.get();
        int chars = 0;
        int position = message.readerIndex();
        int end = -1;
        int octets = 0;
        int pointers = 0;
        while (true) {
            int length = octetAt(message, start, position);
            if ((length & 0xc0) == 0xc0) {
                int target = start + (((length & 0x3f) << 8) | octetAt(message, start, position + 1));
                if (++pointers > MAX_POINTERS || target >= position) {
                    throw new MalformedMessageException("compression pointer at " + (position - start) + " to "
                            + (target - start) + " (expected: backwards, at most " + MAX_POINTERS + " per name)");
                }
                if (end < 0) {
                    end = position + 2;
                }
                position = target;
                continue;
            }
            if ((length & 0xc0) != 0) {
                throw new MalformedMessageException("label type 0x" + Integer.toHexString(length) + " at "
                        + (position - start) + " (expected: a length or a pointer)");
            }
            octets += length + 1;
            if (octets > MAX_NAME_OCTETS) {
                throw new MalformedMessageException("name longer than " + MAX_NAME_OCTETS + " octets");
            }
            if (length == 0) {
                message.readerIndex(end < 0 ? position + 1 : end);
                return chars == 0 ? "." : new String(name, 0, chars, StandardCharsets.ISO_8859_1);
            }
            chars = appendLabel(message, start, position + 1, length, name, chars);
            position += length + 1;
        }
    }

    /** Appends the label at {@code from} and its dot to {@code name} from {@code chars} on; returns the new length. */
    private static int appendLabel(ByteBuf message, int start, int from, int length, byte[] name, int chars)
            throws MalformedMessageException {
        if (from + length > message.writerIndex()) {
            throw new MalformedMessageException("label at " + (from - start) + " runs past the end of the message");
        }
        int at = chars;
        for (int i = from; i < from + length; i++) {
            int c = message.getUnsignedByte(i);
            if (c == '.' || c == '\\') {
                name[at++] = '\\';
                name[at++] = (byte) c;
            } else if (c <= ' ' || c >= 0x7f) {
                name[at++] = '\\';
                name[at++] = (byte) ('0' + c / 100);
                name[at++] = (byte) ('0' + c / 10 % 10);
                name[at++] = (byte) ('0' + c % 10);
            } else {
                name[at++] = (byte) c;
            }
        }
        name[at++] = '.';
        return at;
    }

    private static int octetAt(ByteBuf message, int start, int index) throws MalformedMessageException {
        if (index >= message.writerIndex()) {
            throw new MalformedMessageException("name runs past the end of the message at " + (index - start));
        }
        return message.getUnsignedByte(index);
    }
}
