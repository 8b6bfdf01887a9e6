package dev.junction.dns.wire;

/** What a received packet turns out to be. */
public sealed interface Inbound {

    /** A well-formed query. */
    record Query(DnsQuery query) implements Inbound {
    }

    /** Answer with a bare header carrying {@code rcode} (FORMERR, NOTIMP), as miekg/dns does. */
    record Reject(int id, int opcode, int flags, dev.junction.dns.records.Rcode rcode, String reason)
            implements Inbound {
    }

    /** Not worth an answer: too short for a header, or a response (QR=1). */
    record Drop(String reason) implements Inbound {
    }
}
