package dev.junction.core.netlink;

import java.util.Map;

/**
 * The numbers of netlink ({@code linux/netlink.h}) and nfnetlink ({@code linux/netfilter/nfnetlink.h}) shared by
 * every netfilter subsystem Junction talks to, checked against the kernel headers.
 */
public final class Netlink {

    public static final int AF_NETLINK = 16;
    public static final int NETLINK_NETFILTER = 12;
    public static final int AF_UNSPEC = 0;

    /** {@code struct nlmsghdr}: u32 length, u16 type, u16 flags, u32 sequence, u32 port id; host byte order. */
    public static final int NLMSG_HDRLEN = 16;
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x100 | 0x200; // NLM_F_ROOT | NLM_F_MATCH
    public static final int NLM_F_CREATE = 0x400;

    /** {@code struct nfgenmsg}: u8 family, u8 version (NFNETLINK_V0), be16 resource id. */
    public static final int NFGENMSG_LEN = 4;
    public static final int NFNETLINK_V0 = 0;

    /** {@code struct nlattr}: u16 length (header included, padding excluded), u16 type; host byte order. */
    public static final int NLA_HDRLEN = 4;
    public static final int NLA_F_NESTED = 1 << 15;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | 1 << 14) & 0xffff;

    public static final int ENOENT = 2;
    public static final int EBUSY = 16;

    private static final Map<Integer, String> ERRNO_NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(4, "EINTR"), Map.entry(9, "EBADF"),
            Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(EBUSY, "EBUSY"),
            Map.entry(22, "EINVAL"), Map.entry(90, "EMSGSIZE"), Map.entry(93, "EPROTONOSUPPORT"),
            Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"), Map.entry(105, "ENOBUFS"));

    private Netlink() {
    }

    /** An nfnetlink message type: the subsystem in the high byte, the subsystem's message in the low byte. */
    public static int messageType(int subsystem, int message) {
        return subsystem << 8 | message;
    }

    /** {@code 2 (ENOENT)}: for error messages. */
    public static String describeErrno(int errno) {
        return errno + " (" + ERRNO_NAMES.getOrDefault(errno, "errno") + ")";
    }

    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
