package dev.junction.dns.wire;

import io.netty.buffer.ByteBuf;

/** Walks resource records in wire format without interpreting them. */
final class Records {

    private Records() {
    }

    /** Skips the record at the reader index of the message that begins at {@code start}. */
    static void skip(ByteBuf message, int start) throws MalformedMessageException {
        Names.read(message, start);
        QueryDecoder.need(message, start, 10, "record header");
        message.skipBytes(8);
        int length = message.readUnsignedShort();
        QueryDecoder.need(message, start, length, "record data");
        message.skipBytes(length);
    }
}
