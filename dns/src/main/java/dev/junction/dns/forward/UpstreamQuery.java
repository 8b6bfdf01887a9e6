package dev.junction.dns.forward;

import dev.junction.dns.records.RecordType;
import dev.junction.dns.wire.DnsQuery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Writes the query sent upstream: the client's question, RD and CD, our ID, and an OPT record when asked for. */
final class UpstreamQuery {

    private static final int KEEP_FROM_QUERY = 0x0100 | 0x0010; // RD, CD

    private UpstreamQuery() {
    }

    /** @param udpSize the EDNS UDP size to advertise, or 0 to send no OPT record */
    static ByteBuf write(ByteBufAllocator allocator, int id, DnsQuery query, int udpSize) {
        ByteBuf out = allocator.buffer(64);
        out.writeShort(id).writeShort(query.flags() & KEEP_FROM_QUERY).writeShort(1).writeShort(0).writeShort(0)
                .writeShort(udpSize > 0 ? 1 : 0);
        out.writeBytes(query.questionWire());
        if (udpSize > 0) {
            boolean dnssecOk = query.edns().map(DnsQuery.Edns::dnssecOk).orElse(false);
            out.writeByte(0).writeShort(RecordType.OPT).writeShort(udpSize).writeInt(dnssecOk ? 0x8000 : 0)
                    .writeShort(0);
        }
        return out;
    }
}
