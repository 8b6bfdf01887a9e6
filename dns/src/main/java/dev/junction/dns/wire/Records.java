package dev.junction.dns.wire;

import io.netty.buffer.ByteBuf;

/** Walks resource records in wire format without interpreting them. */
final class Records {

    private Records() {
    }

    /** Skips the record at the reader index. */
    static void skip(ByteBuf message) throws MalformedMessageException {
        Names.read(message);
        QueryDecoder.need(message, 10, "record header");
        message.skipBytes(8);
        int length = message.readUnsignedShort();
        QueryDecoder.need(message, length, "record data");
        message.skipBytes(length);
    }
}
