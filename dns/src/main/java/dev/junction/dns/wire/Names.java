package dev.junction.dns.wire;

import io.netty.buffer.ByteBuf;

/**
 * Reads domain names in wire format (RFC 1035 4.1.4), following compression pointers. Guards: at most 255 octets per
 * name, labels of at most 63 octets, pointers only backwards and at most {@value #MAX_POINTERS} of them (loops).
 */
final class Names {

    private static final int MAX_NAME_OCTETS = 255;
    private static final int MAX_POINTERS = 32;

    private Names() {
    }

    /**
     * Reads the name at the reader index (advancing past it) in presentation form: absolute with a trailing dot,
     * case kept, {@code .} and {@code \} inside labels and non-printable octets escaped as {@code \DDD}.
     */
    static String read(ByteBuf message) throws MalformedMessageException {
        StringBuilder name = new StringBuilder(64);
        int position = message.readerIndex();
        int end = -1;
        int octets = 0;
        int pointers = 0;
        while (true) {
            int length = octetAt(message, position);
            if ((length & 0xc0) == 0xc0) {
                int target = ((length & 0x3f) << 8) | octetAt(message, position + 1);
                if (++pointers > MAX_POINTERS || target >= position) {
                    throw new MalformedMessageException("compression pointer at " + position + " to " + target
                            + " (expected: backwards, at most " + MAX_POINTERS + " per name)");
                }
                if (end < 0) {
                    end = position + 2;
                }
                position = target;
                continue;
            }
            if ((length & 0xc0) != 0) {
                throw new MalformedMessageException("label type 0x" + Integer.toHexString(length) + " at " + position
                        + " (expected: a length or a pointer)");
            }
            octets += length + 1;
            if (octets > MAX_NAME_OCTETS) {
                throw new MalformedMessageException("name longer than " + MAX_NAME_OCTETS + " octets");
            }
            if (length == 0) {
                message.readerIndex(end < 0 ? position + 1 : end);
                return name.isEmpty() ? "." : name.toString();
            }
            appendLabel(message, position + 1, length, name);
            position += length + 1;
        }
    }

    private static void appendLabel(ByteBuf message, int start, int length, StringBuilder name)
            throws MalformedMessageException {
        if (start + length > message.writerIndex()) {
            throw new MalformedMessageException("label at " + start + " runs past the end of the message");
        }
        for (int i = start; i < start + length; i++) {
            int c = message.getUnsignedByte(i);
            if (c == '.' || c == '\\') {
                name.append('\\').append((char) c);
            } else if (c <= ' ' || c >= 0x7f) {
                name.append('\\').append(String.format("%03d", c));
            } else {
                name.append((char) c);
            }
        }
        name.append('.');
    }

    private static int octetAt(ByteBuf message, int index) throws MalformedMessageException {
        if (index >= message.writerIndex()) {
            throw new MalformedMessageException("name runs past the end of the message at " + index);
        }
        return message.getUnsignedByte(index);
    }
}
