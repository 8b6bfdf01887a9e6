package dev.junction.dns.records;

import java.util.Locale;

/** CoreDNS's {@code pods} option: whether {@code a-b-c-d.<ns>.pod.<zone>} names are answered. */
public enum PodRecords {
    /** NXDOMAIN for every pod name (the default). */
    DISABLED,
    /** Any IP-shaped first label is answered with that IP when the namespace exists; nothing is verified. */
    INSECURE;

    /** Parses {@code disabled} or {@code insecure}; the message lists the choices, for the caller to name the flag. */
    public static PodRecords parse(String text) {
        return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
            case "disabled" -> DISABLED;
            case "insecure" -> INSECURE;
            default -> throw new IllegalArgumentException("(expected: disabled or insecure)");
        };
    }
}
