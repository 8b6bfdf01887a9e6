package dev.junction.core.net;

import java.util.Locale;

/** A Service port protocol. Kubernetes spells them upper case; iptables and chain hashes use lower case. */
public enum Protocol {
    TCP,
    UDP,
    SCTP;

    /** Parses the Kubernetes spelling; an absent protocol means TCP, as the API server defaults it. */
    public static Protocol parse(String text) {
        if (text == null || text.isEmpty()) {
            return TCP;
        }
        return switch (text) {
            case "TCP" -> TCP;
            case "UDP" -> UDP;
            case "SCTP" -> SCTP;
            default -> throw new IllegalArgumentException("protocol \"" + text + "\" (expected: TCP, UDP or SCTP)");
        };
    }

    /** {@code tcp}, {@code udp} or {@code sctp}: the spelling of iptables, nftables and kube-proxy's chain hashes. */
    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
