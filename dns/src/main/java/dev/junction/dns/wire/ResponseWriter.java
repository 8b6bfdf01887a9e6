package dev.junction.dns.wire;

import dev.junction.dns.records.Answer;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordData;
import dev.junction.dns.records.RecordType;
import dev.junction.dns.records.ResourceRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Puts answers on the wire: header, the question echoed as received, compressed names, and the query's OPT record
 * echoed (version 0, the client's UDP size, DO copied). When the records do not fit {@code limit}, the remaining ones
 * are left out and TC is set if an answer or authority record was left out (as miekg/dns's {@code Truncate}); the OPT
 * record always fits. The caller owns (and must release or write) the returned buffer.
 */
public final class ResponseWriter {

    private static final int QR = 0x8000;
    private static final int AA = 0x0400;
    private static final int TC = 0x0200;
    private static final int KEEP_FROM_QUERY = 0x7800 | 0x0100 | 0x0010; // opcode, RD, CD
    private static final int OPT_LENGTH = 11;

    private ResponseWriter() {
    }

    /** The reply to {@code query} with {@code answer}, at most {@code limit} octets (65535 over TCP). */
    public static ByteBuf write(ByteBufAllocator allocator, DnsQuery query, Answer answer, int limit) {
        ByteBuf out = allocator.buffer(512);
        int flags = QR | (query.flags() & KEEP_FROM_QUERY) | (answer.rcode().code() & 0xf)
                | (answer.authoritative() ? AA : 0);
        out.writeShort(query.id()).writeShort(flags).writeShort(1).writeZero(6);
        query.writeQuestion(out);
        NameWriter names = NameWriter.forMessage();
        // Owner names are answered lower-case, as CoreDNS does; a pointer into a question asked in mixed case would
        // carry its case. Escaped labels would put the offsets off.
        if (query.name().equals(query.lookupName()) && query.name().indexOf('\\') < 0) {
            names.remember(query.name(), QueryDecoder.HEADER_LENGTH);
        }
        int room = limit - (query.edns().isPresent() ? OPT_LENGTH : 0);
        int answers = writeSection(out, names, answer.answers(), room);
        int authority = answers < answer.answers().size() ? 0 : writeSection(out, names, answer.authority(), room);
        boolean truncated = answers < answer.answers().size() || authority < answer.authority().size();
        int additional = truncated ? 0 : writeSection(out, names, answer.additional(), room);
        if (query.edns().isPresent()) {
            writeOpt(out, query.edns().get(), answer.rcode());
            additional++;
        }
        out.setShort(2, flags | (truncated ? TC : 0));
        out.setShort(6, answers).setShort(8, authority).setShort(10, additional);
        return out;
    }

    /** A bare header with {@code rcode}: the reply to a query that could not be parsed or is not a QUERY. */
    public static ByteBuf writeHeaderOnly(ByteBufAllocator allocator, int id, int queryFlags, Rcode rcode) {
        ByteBuf out = allocator.buffer(QueryDecoder.HEADER_LENGTH);
        int flags = QR | (queryFlags & KEEP_FROM_QUERY) | (rcode.code() & 0xf);
        return out.writeShort(id).writeShort(flags).writeZero(8);
    }

    /** Writes records while they fit below {@code room}; returns how many were written. */
    private static int writeSection(ByteBuf out, NameWriter names, List<ResourceRecord> records, int room) {
        int written = 0;
        for (int i = 0; i < records.size(); i++) { // indexed: an iterator per section per query is garbage
            int start = out.writerIndex();
            writeRecord(out, names, records.get(i));
            if (out.writerIndex() > room) {
                out.writerIndex(start); // later names never point past here: writing stops with this record
                return written;
            }
            written++;
        }
        return written;
    }

    private static void writeRecord(ByteBuf out, NameWriter names, ResourceRecord record) {
        names.write(out, record.name());
        out.writeShort(record.type()).writeShort(DnsQuery.CLASS_IN).writeInt((int) record.ttl());
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        writeData(out, names, record.data());
        out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
    }

    private static void writeData(ByteBuf out, NameWriter names, RecordData data) {
        switch (data) {
            case RecordData.A a -> a.address().writeTo(out);
            case RecordData.Aaaa aaaa -> aaaa.address().writeTo(out);
            case RecordData.Cname cname -> names.write(out, cname.target());
            case RecordData.Ptr ptr -> names.write(out, ptr.target());
            case RecordData.Ns ns -> names.write(out, ns.target());
            case RecordData.Srv srv -> {
                out.writeShort(srv.priority()).writeShort(srv.weight()).writeShort(srv.port());
                names.writeUncompressed(out, srv.target());
            }
            case RecordData.Txt txt -> {
                byte[] text = txt.text().getBytes(StandardCharsets.UTF_8);
                out.writeByte(text.length).writeBytes(text);
            }
            case RecordData.Soa soa -> {
                names.write(out, soa.mname());
                names.write(out, soa.rname());
                out.writeInt((int) soa.serial()).writeInt((int) soa.refresh()).writeInt((int) soa.retry())
                        .writeInt((int) soa.expire()).writeInt((int) soa.minimum());
            }
        }
    }

    /** The query's OPT echoed: version 0, the client's UDP size (at least 512), DO copied, extended rcode bits. */
    private static void writeOpt(ByteBuf out, DnsQuery.Edns edns, Rcode rcode) {
        long ttl = ((long) (rcode.code() >> 4) << 24) | (edns.dnssecOk() ? 0x8000 : 0);
        out.writeByte(0).writeShort(RecordType.OPT).writeShort(Math.max(DnsQuery.CLASSIC_UDP_LIMIT, edns.udpSize()))
                .writeInt((int) ttl).writeShort(0);
    }
}
