package dev.junction.dns.records;

/** Response codes (RFC 1035, 6891). BADVERS needs EDNS: its upper bits travel in the OPT record. */
public enum Rcode {
    NOERROR(0),
    FORMERR(1),
    SERVFAIL(2),
    NXDOMAIN(3),
    NOTIMP(4),
    REFUSED(5),
    BADVERS(16);

    private static final Rcode[] VALUES = values();

    private final int code;

    Rcode(int code) {
        this.code = code;
    }

    /** The full 12-bit code: the low 4 bits go in the header, the rest in the OPT record's TTL. */
    public int code() {
        return code;
    }

    /** The rcode of a 4-bit header value (extended codes other than BADVERS do not occur in our answers). */
    public static Rcode ofHeader(int low4) {
        for (Rcode rcode : VALUES) {
            if (rcode.code == low4) {
                return rcode;
            }
        }
        return SERVFAIL;
    }
}
