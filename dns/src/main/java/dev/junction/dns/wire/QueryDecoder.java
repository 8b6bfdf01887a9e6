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
 * never retains or releases the buffer it reads.
 */
public final class QueryDecoder {

    static final int HEADER_LENGTH = 12;
    private static final int QR = 0x8000;

    private QueryDecoder() {
    }

    /** Reads the message between the buffer's reader and writer index; the buffer's indexes are left unchanged. */
    public static Inbound decode(ByteBuf buffer) {
        ByteBuf message = buffer.slice();
        if (message.readableBytes() < HEADER_LENGTH) {
            return new Inbound.Drop("message of " + message.readableBytes() + " octets (expected: at least 12)");
        }
        int id = message.getUnsignedShort(0);
        int flags = message.getUnsignedShort(2);
        if ((flags & QR) != 0) {
            return new Inbound.Drop("QR=1: a response, not a query");
        }
        int opcode = (flags >> 11) & 0xf;
        if (opcode != 0) {
            return new Inbound.Reject(id, opcode, flags, Rcode.NOTIMP, "opcode " + opcode + " (expected: 0, QUERY)");
        }
        int qd = message.getUnsignedShort(4);
        int an = message.getUnsignedShort(6);
        int ns = message.getUnsignedShort(8);
        int ar = message.getUnsignedShort(10);
        if (qd != 1 || an > 1 || ns > 1 || ar > 2) {
            return new Inbound.Reject(id, opcode, flags, Rcode.FORMERR, "counts qd=" + qd + " an=" + an + " ns=" + ns
                    + " ar=" + ar + " (expected: qd=1, an<=1, ns<=1, ar<=2)");
        }
        try {
            return new Inbound.Query(parse(message, id, flags, an + ns, ar));
        } catch (MalformedMessageException e) {
            return new Inbound.Reject(id, opcode, flags, Rcode.FORMERR, e.getMessage());
        }
    }

    private static DnsQuery parse(ByteBuf message, int id, int flags, int skipped, int additional)
            throws MalformedMessageException {
        message.readerIndex(HEADER_LENGTH);
        String name = Names.read(message);
        need(message, 4, "question type and class");
        int type = message.readUnsignedShort();
        int dnsClass = message.readUnsignedShort();
        byte[] question = ByteBufUtil.getBytes(message, HEADER_LENGTH, message.readerIndex() - HEADER_LENGTH);
        for (int i = 0; i < skipped; i++) {
            Records.skip(message);
        }
        Optional<DnsQuery.Edns> edns = Optional.empty();
        for (int i = 0; i < additional; i++) {
            Optional<DnsQuery.Edns> opt = readOpt(message);
            if (opt.isPresent() && edns.isPresent()) {
                throw new MalformedMessageException("a second OPT record (expected: at most one)");
            }
            edns = opt.isPresent() ? opt : edns;
        }
        return new DnsQuery(id, flags, name, type, dnsClass, question, edns);
    }

    /** Reads one additional record: its EDNS fields when it is an OPT record, else skips it. */
    private static Optional<DnsQuery.Edns> readOpt(ByteBuf message) throws MalformedMessageException {
        String owner = Names.read(message);
        need(message, 10, "record header");
        int type = message.readUnsignedShort();
        int udpSize = message.readUnsignedShort();
        long ttl = message.readUnsignedInt();
        int length = message.readUnsignedShort();
        need(message, length, "record data");
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

    static void need(ByteBuf message, int octets, String what) throws MalformedMessageException {
        if (message.readableBytes() < octets) {
            throw new MalformedMessageException(what + " at " + message.readerIndex() + " needs " + octets
                    + " octets, " + message.readableBytes() + " left");
        }
    }
}
