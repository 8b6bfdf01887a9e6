package dev.junction.core.conntrack;

import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import java.util.Map;
import java.util.Optional;

/**
 * The numbers of netlink ({@code linux/netlink.h}), nfnetlink ({@code linux/netfilter/nfnetlink.h}) and ctnetlink
 * ({@code linux/netfilter/nfnetlink_conntrack.h}) that Junction uses, checked against the kernel headers.
 */
final class Ctnetlink {

    static final int AF_NETLINK = 16;
    static final int NETLINK_NETFILTER = 12;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    /** {@code struct nlmsghdr}: u32 length, u16 type, u16 flags, u32 sequence, u32 port id; host byte order. */
    static final int NLMSG_HDRLEN = 16;
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;

    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x100 | 0x200; // NLM_F_ROOT | NLM_F_MATCH

    /** {@code struct nfgenmsg}: u8 family, u8 version (NFNETLINK_V0), be16 resource id. */
    static final int NFGENMSG_LEN = 4;
    static final int NFNETLINK_V0 = 0;
    static final int NFNL_SUBSYS_CTNETLINK = 1;
    static final int IPCTNL_MSG_CT_NEW = 0;
    static final int IPCTNL_MSG_CT_GET = 1;
    static final int IPCTNL_MSG_CT_DELETE = 2;

    /** {@code struct nlattr}: u16 length (header included, padding excluded), u16 type; host byte order. */
    static final int NLA_HDRLEN = 4;
    static final int NLA_F_NESTED = 1 << 15;
    static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | 1 << 14) & 0xffff;

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

    static final int ENOENT = 2;

    private static final Map<Integer, String> ERRNO_NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(4, "EINTR"), Map.entry(9, "EBADF"),
            Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(16, "EBUSY"),
            Map.entry(22, "EINVAL"), Map.entry(90, "EMSGSIZE"), Map.entry(93, "EPROTONOSUPPORT"),
            Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"), Map.entry(105, "ENOBUFS"));

    private Ctnetlink() {
    }

    /** An nfnetlink message type: the subsystem in the high byte, the ctnetlink message in the low byte. */
    static int messageType(int ctnetlinkMessage) {
        return NFNL_SUBSYS_CTNETLINK << 8 | ctnetlinkMessage;
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

    /** {@code 2 (ENOENT)}: for error messages. */
    static String describeErrno(int errno) {
        return errno + " (" + ERRNO_NAMES.getOrDefault(errno, "errno") + ")";
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }
}
