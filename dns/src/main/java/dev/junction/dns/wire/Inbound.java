package dev.junction.dns.wire;

/** What a received packet turns out to be: a well-formed {@link DnsQuery}, a {@link Reject} or a {@link Drop}. */
public sealed interface Inbound permits DnsQuery, Inbound.Reject, Inbound.Drop {

    /** Answer with a bare header carrying {@code rcode} (FORMERR, NOTIMP), as miekg/dns does. */
    record Reject(int id, int opcode, int flags, dev.junction.dns.records.Rcode rcode, String reason)
            implements Inbound {
    }

    /** Not worth an answer: too short for a header, or a response (QR=1). */
    record Drop(String reason) implements Inbound {
    }
}
