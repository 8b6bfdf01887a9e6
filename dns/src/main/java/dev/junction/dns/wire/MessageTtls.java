package dev.junction.dns.wire;

import dev.junction.dns.records.RecordType;
import io.netty.buffer.ByteBuf;
import java.util.OptionalLong;

/**
 * Reads and ages the TTLs of a reply in wire format, for the cache (RFC 2308 for negative answers). The buffer's
 * indexes are left unchanged.
 */
public final class MessageTtls {

    private static final int TC = 0x0200;

    private MessageTtls() {
    }

    /**
     * How long a reply may be cached: the least TTL of its answer and authority records for a positive answer; for
     * NXDOMAIN or NODATA, min(SOA TTL, SOA MINIMUM) of the authority section's SOA. Empty when the reply must not be
     * cached: truncated, malformed, another rcode, or a negative answer without an SOA.
     */
    public static OptionalLong cacheTtl(ByteBuf reply) {
        ByteBuf message = reply.slice();
        try {
            int flags = message.getUnsignedShort(2);
            int rcode = flags & 0xf;
            if ((flags & TC) != 0 || (rcode != 0 && rcode != 3)) {
                return OptionalLong.empty();
            }
            int an = message.getUnsignedShort(6);
            int ns = message.getUnsignedShort(8);
            message.readerIndex(QueryDecoder.HEADER_LENGTH);
            skipQuestions(message);
            boolean negative = rcode == 3 || an == 0;
            long least = Long.MAX_VALUE;
            for (int i = 0; i < an + ns; i++) {
                Names.read(message, 0);
                QueryDecoder.need(message, 0, 10, "record header");
                int type = message.readUnsignedShort();
                message.skipBytes(2);
                long ttl = message.readUnsignedInt();
                int length = message.readUnsignedShort();
                QueryDecoder.need(message, 0, length, "record data");
                if (negative && type == RecordType.SOA && length >= 4) {
                    return OptionalLong.of(Math.min(ttl, message.getUnsignedInt(message.readerIndex() + length - 4)));
                }
                least = Math.min(least, ttl);
                message.skipBytes(length);
            }
            return negative || least == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(least);
        } catch (MalformedMessageException | IndexOutOfBoundsException e) {
            return OptionalLong.empty();
        }
    }

    /** Subtracts {@code seconds} from every TTL except the OPT record's (never below 0); false when malformed. */
    public static boolean age(ByteBuf reply, long seconds) {
        ByteBuf message = reply.slice();
        try {
            int records = message.getUnsignedShort(6) + message.getUnsignedShort(8) + message.getUnsignedShort(10);
            message.readerIndex(QueryDecoder.HEADER_LENGTH);
            skipQuestions(message);
            for (int i = 0; i < records; i++) {
                Names.read(message, 0);
                QueryDecoder.need(message, 0, 10, "record header");
                int type = message.readUnsignedShort();
                message.skipBytes(2);
                int ttlAt = message.readerIndex();
                long ttl = message.readUnsignedInt();
                if (type != RecordType.OPT) {
                    message.setInt(ttlAt, (int) Math.max(0, ttl - seconds));
                }
                int length = message.readUnsignedShort();
                QueryDecoder.need(message, 0, length, "record data");
                message.skipBytes(length);
            }
            return true;
        } catch (MalformedMessageException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static void skipQuestions(ByteBuf message) throws MalformedMessageException {
        int questions = message.getUnsignedShort(4);
        for (int i = 0; i < questions; i++) {
            Names.read(message, 0);
            QueryDecoder.need(message, 0, 4, "question type and class");
            message.skipBytes(4);
        }
    }
}
