package dev.junction.core.nfacct;

import dev.junction.core.netlink.MalformedNetlinkException;
import dev.junction.core.netlink.Netlink;
import dev.junction.core.netlink.NetlinkAttributes.Attribute;
import dev.junction.core.netlink.NetlinkException;
import dev.junction.core.netlink.NetlinkMessage;
import dev.junction.core.netlink.NetlinkRequest;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Builds nfnetlink_acct requests ({@code linux/netfilter/nfnetlink_acct.h}) and parses their answers. Pure: the bytes
 * depend only on the arguments and the host byte order; the counters themselves are big-endian.
 */
final class NfacctCodec {

    static final int NFNL_SUBSYS_ACCT = 7;
    static final int NFNL_MSG_ACCT_NEW = 0;
    static final int NFNL_MSG_ACCT_GET = 1;
    static final int NFACCT_NAME = 1;
    static final int NFACCT_PKTS = 2;
    static final int NFACCT_BYTES = 3;

    /** What one accounting object has counted. */
    record Counts(long packets, long bytes) {
    }

    private final ByteOrder hostOrder;

    NfacctCodec(ByteOrder hostOrder) {
        this.hostOrder = hostOrder;
    }

    /** {@code NFNL_MSG_ACCT_NEW} with {@code NLM_F_CREATE | NLM_F_ACK}; the kernel answers EBUSY if it exists. */
    byte[] newRequest(String name, int sequence) {
        return request(NFNL_MSG_ACCT_NEW, Netlink.NLM_F_CREATE | Netlink.NLM_F_ACK, name, sequence);
    }

    /** {@code NFNL_MSG_ACCT_GET} of one object by name; the kernel answers with the object or an error. */
    byte[] getRequest(String name, int sequence) {
        return request(NFNL_MSG_ACCT_GET, 0, name, sequence);
    }

    /** The errno of the acknowledgement of request {@code sequence} (0 when it succeeded). */
    int decodeAck(byte[] datagram, int length, int sequence) {
        return expectedMessage(datagram, length, sequence, Netlink.NLMSG_ERROR, "an acknowledgement").errno();
    }

    /**
     * The counts in the answer to the get request {@code sequence}.
     *
     * @throws NetlinkException when the kernel answered with an error, such as ENOENT for an unknown name
     */
    Counts decodeCounts(byte[] datagram, int length, int sequence, String name) {
        int type = Netlink.messageType(NFNL_SUBSYS_ACCT, NFNL_MSG_ACCT_NEW);
        NetlinkMessage message = expectedMessage(datagram, length, sequence, type, "the object " + name);
        List<Attribute> attributes = message.nfnetlinkAttributes("nfacct " + name);
        return new Counts(counter(attributes, NFACCT_PKTS, name, "NFACCT_PKTS"),
                counter(attributes, NFACCT_BYTES, name, "NFACCT_BYTES"));
    }

    private byte[] request(int message, int flags, String name, int sequence) {
        return new NetlinkRequest(hostOrder, Netlink.messageType(NFNL_SUBSYS_ACCT, message),
                Netlink.NLM_F_REQUEST | flags, sequence, Netlink.AF_UNSPEC)
                .attribute(NFACCT_NAME, nulTerminated(name))
                .toBytes();
    }

    /** The one message of a reply datagram; an error answer where another was expected fails with its errno. */
    private NetlinkMessage expectedMessage(byte[] datagram, int length, int sequence, int type, String what) {
        List<NetlinkMessage> messages = NetlinkMessage.split(datagram, length, hostOrder);
        if (messages.size() != 1 || messages.getFirst().sequence() != sequence) {
            throw new MalformedNetlinkException("nfacct reply of " + messages.size() + " messages, sequences "
                    + messages.stream().map(NetlinkMessage::sequence).toList() + " (expected: " + what
                    + " with sequence " + sequence + ")");
        }
        NetlinkMessage message = messages.getFirst();
        if (message.type() == Netlink.NLMSG_ERROR && type != Netlink.NLMSG_ERROR) {
            throw new NetlinkException("nfacct: the kernel answered errno " + Netlink.describeErrno(message.errno())
                    + " (expected: " + what + ")");
        }
        if (message.type() != type) {
            throw new MalformedNetlinkException("nfacct reply of message type 0x" + Integer.toHexString(message.type())
                    + " (expected: 0x" + Integer.toHexString(type) + ", " + what + ")");
        }
        return message;
    }

    private static long counter(List<Attribute> attributes, int type, String name, String attributeName) {
        return attributes.stream().filter(a -> a.type() == type).findFirst()
                .orElseThrow(() -> new MalformedNetlinkException("nfacct " + name + ": " + attributeName + " missing"))
                .be64();
    }

    private static byte[] nulTerminated(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0 || bytes.length > Nfacct.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("nfacct name \"" + name + "\" of " + bytes.length
                    + " bytes (expected: 1-" + Nfacct.MAX_NAME_LENGTH + ")");
        }
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
