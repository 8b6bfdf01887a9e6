package dev.junction.core.conntrack;

import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.netlink.Netlink;
import java.util.Optional;

/**
 * The numbers of ctnetlink ({@code linux/netfilter/nfnetlink_conntrack.h}) that Junction uses, checked against the
 * kernel headers; those shared by all of netlink are in {@link Netlink}.
 */
final class Ctnetlink {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    static final int NFNL_SUBSYS_CTNETLINK = 1;
    static final int IPCTNL_MSG_CT_NEW = 0;
    static final int IPCTNL_MSG_CT_GET = 1;
    static final int IPCTNL_MSG_CT_DELETE = 2;

    static final int CTA_TUPLE_ORIG = 1;
    static final int CTA_TUPLE_REPLY = 2;
    static final int CTA_TUPLE_IP = 1;
    static final int CTA_TUPLE_PROTO = 2;
    static final int CTA_IP_V4_SRC = 1;
    static final int CTA_IP_V4_DST = 2;
    static final int CTA_IP_V6_SRC = 3;
    static final int CTA_IP_V6_DST = 4;
    static final int CTA_PROTO_NUM = 1;
    static final int CTA_PROTO_SRC_PORT = 2;
    static final int CTA_PROTO_DST_PORT = 3;

    private Ctnetlink() {
    }

    /** The nfnetlink message type of a ctnetlink message. */
    static int messageType(int ctnetlinkMessage) {
        return Netlink.messageType(NFNL_SUBSYS_CTNETLINK, ctnetlinkMessage);
    }

    static int addressFamily(IpFamily family) {
        return family == IpFamily.IPV4 ? AF_INET : AF_INET6;
    }

    /** The IANA protocol number, as in {@code CTA_PROTO_NUM}. */
    static int protocolNumber(Protocol protocol) {
        return switch (protocol) {
            case TCP -> 6;
            case UDP -> 17;
            case SCTP -> 132;
        };
    }

    /** The Service protocol with this IP protocol number, or empty for one Kubernetes never proxies (ICMP, GRE...). */
    static Optional<Protocol> protocol(int number) {
        return switch (number) {
            case 6 -> Optional.of(Protocol.TCP);
            case 17 -> Optional.of(Protocol.UDP);
            case 132 -> Optional.of(Protocol.SCTP);
            default -> Optional.empty();
        };
    }
}
