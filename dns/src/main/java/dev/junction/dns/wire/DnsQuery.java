package dev.junction.dns.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed query: what the responder needs of it. Holds no buffers. Not a record: the decoder hands over the question
 * it copied out of the packet, and a record's public constructor would have to copy it again.
 */
public final class DnsQuery implements Inbound {

    public static final int CLASS_IN = 1;
    /** The UDP payload limit without EDNS (RFC 1035 4.2.1). */
    public static final int CLASSIC_UDP_LIMIT = 512;

    private final int id;
    private final int flags;
    private final String name;
    private final String lookupName;
    private final int type;
    private final int dnsClass;
    private final byte[] questionWire;
    private final Optional<Edns> edns;

    /**
     * @param flags        the header's second 16 bits as received (RD and CD are copied into the reply)
     * @param name         the question name in presentation form, case as sent
     * @param questionWire the question section exactly as received; owned from here on, never changed
     * @param edns         the OPT record's fields, when the query had one
     */
    DnsQuery(int id, int flags, String name, int type, int dnsClass, byte[] questionWire, Optional<Edns> edns) {
        this.id = id;
        this.flags = flags;
        this.name = name;
        this.lookupName = name.toLowerCase(Locale.ROOT);
        this.type = type;
        this.dnsClass = dnsClass;
        this.questionWire = questionWire;
        this.edns = edns;
    }

    public int id() {
        return id;
    }

    public int flags() {
        return flags;
    }

    public String name() {
        return name;
    }

    /** {@link #name()} lower-cased (ASCII only, RFC 4343), for lookups; computed once per query. */
    public String lookupName() {
        return lookupName;
    }

    public int type() {
        return type;
    }

    public int dnsClass() {
        return dnsClass;
    }

    /** A copy of the question section exactly as received, echoed in the reply. */
    public byte[] questionWire() {
        return questionWire.clone();
    }

    public Optional<Edns> edns() {
        return edns;
    }

    public int opcode() {
        return (flags >> 11) & 0xf;
    }

    public boolean recursionDesired() {
        return (flags & 0x0100) != 0;
    }

    /** How large a UDP reply may be: 512, or the EDNS size when larger (RFC 6891 6.2.5). */
    public int udpLimit() {
        // Not through Optional.map: that boxed the limit into an Integer on every query.
        return edns.isPresent() ? Math.max(CLASSIC_UDP_LIMIT, edns.get().udpSize()) : CLASSIC_UDP_LIMIT;
    }

    /** Writes the question section into {@code out} without copying it first. */
    void writeQuestion(ByteBuf out) {
        out.writeBytes(questionWire);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DnsQuery q && id == q.id && flags == q.flags && name.equals(q.name) && type == q.type
                && dnsClass == q.dnsClass && Arrays.equals(questionWire, q.questionWire) && edns.equals(q.edns);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + name.hashCode()) + type;
    }

    @Override
    public String toString() {
        return "DnsQuery[id=" + id + " " + name + " " + type + " class=" + dnsClass + " edns=" + edns + "]";
    }

    /** The fields of an OPT pseudo-record (RFC 6891 6.1.3). */
    public record Edns(int udpSize, int version, boolean dnssecOk) {
    }
}
