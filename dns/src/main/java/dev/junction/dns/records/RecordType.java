package dev.junction.dns.records;

/** DNS RR type numbers (RFC 1035, 3596, 2782, 6891, 8482) and their mnemonics. */
public final class RecordType {

    public static final int A = 1;
    public static final int NS = 2;
    public static final int CNAME = 5;
    public static final int SOA = 6;
    public static final int PTR = 12;
    public static final int TXT = 16;
    public static final int AAAA = 28;
    public static final int SRV = 33;
    public static final int OPT = 41;
    public static final int IXFR = 251;
    public static final int AXFR = 252;
    public static final int ANY = 255;

    private RecordType() {
    }

    /** The mnemonic ("A", "SRV"), or RFC 3597's {@code TYPE<n>} for others. */
    public static String name(int type) {
        return switch (type) {
            case A -> "A";
            case NS -> "NS";
            case CNAME -> "CNAME";
            case SOA -> "SOA";
            case PTR -> "PTR";
            case TXT -> "TXT";
            case AAAA -> "AAAA";
            case SRV -> "SRV";
            case OPT -> "OPT";
            case IXFR -> "IXFR";
            case AXFR -> "AXFR";
            case ANY -> "ANY";
            default -> "TYPE" + type;
        };
    }
}
