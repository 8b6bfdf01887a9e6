package dev.junction.dns.wire;

import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Optional;

/**
 * Parses a query message, acting on the header first as miekg/dns's default accept function does: fewer than 12
 * octets or QR=1 is dropped; an opcode other than QUERY is NOTIMP; QDCOUNT other than 1, ANCOUNT or NSCOUNT above 1,
 * ARCOUNT above 2, or anything that cannot be parsed is FORMERR. Octets after the sections are ignored. Stateless; it
 * never retains or releases the buffer it reads. The question is copied out once, and the query owns that copy.
 */
public final class QueryDecoder {

    static final int HEADER_LENGTH = 12;
    private static final int QR = 0x8000;

    private QueryDecoder() {
    }

    /** Reads the message between the buffer's reader and writer index; the buffer's indexes are left unchanged. */
    public static Inbound decode(ByteBuf buffer) {
        // Offsets count from the reader index rather than from a slice: a slice per packet was garbage.
        int start = buffer.readerIndex();
        if (buffer.readableBytes() < HEADER_LENGTH) {
            return new Inbound.Drop("message of " + buffer.readableBytes() + " octets (expected: at least 12)");
        }
        int id = buffer.getUnsignedShort(start);
        int flags = buffer.getUnsignedShort(start + 2);
        if ((flags & QR) != 0) {
            return new Inbound.Drop("QR=1: a response, not a query");
        }
        int opcode = (flags >> 11) & 0xf;
        if (opcode != 0) {
            return new Inbound.Reject(id, opcode, flags, Rcode.NOTIMP, "opcode " + opcode + " (expected: 0, QUERY)");
        }
        int qd = buffer.getUnsignedShort(start + 4);
        int an = buffer.getUnsignedShort(start + 6);
        int ns = buffer.getUnsignedShort(start + 8);
        int ar = buffer.getUnsignedShort(start + 10);
        if (qd != 1 || an > 1 || ns > 1 || ar > 2) {
            return new Inbound.Reject(id, opcode, flags, Rcode.FORMERR, "counts qd=" + qd + " an=" + an + " ns=" + ns
                    + " ar=" + ar + " (expected: qd=1, an<=1, ns<=1, ar<=2)");
        }
        try {
            return parse(buffer, start, id, flags, an + ns, ar);
        } catch (MalformedMessageException e) {
            return new Inbound.Reject(id, opcode, flags, Rcode.FORMERR, e.getMessage());
        } finally {
            buffer.readerIndex(start); // parsing moves it
        }
    }

    private static DnsQuery parse(ByteBuf message, int start, int id, int flags, int skipped, int additional)
            throws MalformedMessageException {
        int questionAt = start + HEADER_LENGTH;
        message.readerIndex(questionAt);
        String name = Names.read(message, start);
        need(message, start, 4, "question type and class");
        int type = message.readUnsignedShort();
        int dnsClass = message.readUnsignedShort();
        byte[] question = ByteBufUtil.getBytes(message, questionAt, message.readerIndex() - questionAt);
        for (int i = 0; i < skipped; i++) {
            Records.skip(message, start);
        }
        Optional<DnsQuery.Edns> edns = Optional.empty();
        for (int i = 0; i < additional; i++) {
            Optional<DnsQuery.Edns> opt = readOpt(message, start);
            if (opt.isPresent() && edns.isPresent()) {
                throw new MalformedMessageException("a second OPT record (expected: at most one)");
            }
            edns = opt.isPresent() ? opt : edns;
        }
        return new DnsQuery(id, flags, name, type, dnsClass, question, edns);
    }

    /** Reads one additional record: its EDNS fields when it is an OPT record, else skips it. */
    private static Optional<DnsQuery.Edns> readOpt(ByteBuf message, int start) throws MalformedMessageException {
        String owner = Names.read(message, start);
        need(message, start, 10, "record header");
        int type = message.readUnsignedShort();
        int udpSize = message.readUnsignedShort();
        long ttl = message.readUnsignedInt();
        int length = message.readUnsignedShort();
        need(message, start, length, "record data");
        message.skipBytes(length);
        if (type != RecordType.OPT) {
            return Optional.empty();
        }
        if (!owner.equals(".")) {
            throw new MalformedMessageException("OPT record owned by " + owner + " (expected: the root)");
        }
        int version = (int) (ttl >> 16) & 0xff;
        return Optional.of(new DnsQuery.Edns(udpSize, version, (ttl & 0x8000) != 0));
    }

    /** Fails unless {@code octets} are left to read; {@code start} is where the message begins, for the offset told. */
    static void need(ByteBuf message, int start, int octets, String what) throws MalformedMessageException {
        if (message.readableBytes() < octets) {
            throw new MalformedMessageException(what + " at " + (message.readerIndex() - start) + " needs " + octets
                    + " octets, " + message.readableBytes() + " left");
        }
    }
}
