package dev.junction.core.conntrack;

import static dev.junction.core.conntrack.Ctnetlink.CTA_IP_V4_DST;
import static dev.junction.core.conntrack.Ctnetlink.CTA_IP_V4_SRC;
import static dev.junction.core.conntrack.Ctnetlink.CTA_IP_V6_DST;
import static dev.junction.core.conntrack.Ctnetlink.CTA_IP_V6_SRC;
import static dev.junction.core.conntrack.Ctnetlink.CTA_PROTO_DST_PORT;
import static dev.junction.core.conntrack.Ctnetlink.CTA_PROTO_NUM;
import static dev.junction.core.conntrack.Ctnetlink.CTA_PROTO_SRC_PORT;
import static dev.junction.core.conntrack.Ctnetlink.CTA_TUPLE_IP;
import static dev.junction.core.conntrack.Ctnetlink.CTA_TUPLE_ORIG;
import static dev.junction.core.conntrack.Ctnetlink.CTA_TUPLE_PROTO;
import static dev.junction.core.conntrack.Ctnetlink.CTA_TUPLE_REPLY;
import static dev.junction.core.conntrack.Ctnetlink.NLA_F_NESTED;
import static dev.junction.core.conntrack.Ctnetlink.NLA_HDRLEN;

import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds ctnetlink requests. Pure: the bytes depend only on the arguments and the host byte order, which netlink uses
 * for its headers (addresses and ports are in network order, as in packets).
 */
final class CtnetlinkEncoder {

    /** Larger than any request built here (an IPv6 delete is 96 bytes). */
    private static final int MAX_REQUEST = 256;

    private final ByteOrder hostOrder;

    CtnetlinkEncoder(ByteOrder hostOrder) {
        this.hostOrder = hostOrder;
    }

    /** {@code IPCTNL_MSG_CT_GET} with {@code NLM_F_REQUEST | NLM_F_DUMP}: every entry of one family. */
    byte[] dumpRequest(IpFamily family, int sequence) {
        ByteBuffer message = begin(Ctnetlink.IPCTNL_MSG_CT_GET, Ctnetlink.NLM_F_REQUEST | Ctnetlink.NLM_F_DUMP,
                sequence, family);
        return finish(message);
    }

    /**
     * {@code IPCTNL_MSG_CT_DELETE} with {@code NLM_F_REQUEST | NLM_F_ACK} for the entry with this original tuple. The
     * tuple is always present: the kernel flushes the whole table on a delete without one.
     */
    byte[] deleteRequest(ConntrackFlow flow, int sequence) {
        ByteBuffer message = begin(Ctnetlink.IPCTNL_MSG_CT_DELETE, Ctnetlink.NLM_F_REQUEST | Ctnetlink.NLM_F_ACK,
                sequence, flow.family());
        writeTuple(message, CTA_TUPLE_ORIG, flow.protocol(), flow.original());
        return finish(message);
    }

    /** {@code IPCTNL_MSG_CT_GET} with {@code NLM_F_REQUEST}: the one entry whose reply tuple is {@code reply}. */
    byte[] getByReplyRequest(Protocol protocol, ConntrackFlow.Tuple reply, int sequence) {
        ByteBuffer message = begin(Ctnetlink.IPCTNL_MSG_CT_GET, Ctnetlink.NLM_F_REQUEST, sequence, reply.family());
        writeTuple(message, CTA_TUPLE_REPLY, protocol, reply);
        return finish(message);
    }

    private void writeTuple(ByteBuffer message, int type, Protocol protocol, ConntrackFlow.Tuple tuple) {
        int nested = beginNested(message, type);
        writeAddresses(message, tuple);
        writePorts(message, protocol, tuple);
        endNested(message, nested);
    }

    private void writeAddresses(ByteBuffer message, ConntrackFlow.Tuple tuple) {
        boolean v4 = tuple.family() == IpFamily.IPV4;
        int ip = beginNested(message, CTA_TUPLE_IP);
        attribute(message, v4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, tuple.source().bytes());
        attribute(message, v4 ? CTA_IP_V4_DST : CTA_IP_V6_DST, tuple.destination().bytes());
        endNested(message, ip);
    }

    private void writePorts(ByteBuffer message, Protocol protocol, ConntrackFlow.Tuple tuple) {
        int proto = beginNested(message, CTA_TUPLE_PROTO);
        attribute(message, CTA_PROTO_NUM, new byte[] {(byte) Ctnetlink.protocolNumber(protocol)});
        attribute(message, CTA_PROTO_SRC_PORT, networkOrder(tuple.sourcePort()));
        attribute(message, CTA_PROTO_DST_PORT, networkOrder(tuple.destinationPort()));
        endNested(message, proto);
    }

    private ByteBuffer begin(int ctnetlinkMessage, int flags, int sequence, IpFamily family) {
        ByteBuffer message = ByteBuffer.allocate(MAX_REQUEST).order(hostOrder);
        message.putInt(0); // length, set by finish()
        message.putShort((short) Ctnetlink.messageType(ctnetlinkMessage));
        message.putShort((short) flags);
        message.putInt(sequence);
        message.putInt(0); // port id 0: the kernel assigns ours
        message.put((byte) Ctnetlink.addressFamily(family));
        message.put((byte) Ctnetlink.NFNETLINK_V0);
        message.putShort((short) 0); // resource id, big-endian in the kernel's struct; zero either way
        return message;
    }

    private static int beginNested(ByteBuffer message, int type) {
        int start = message.position();
        message.putShort((short) 0);
        message.putShort((short) (type | NLA_F_NESTED));
        return start;
    }

    private static void endNested(ByteBuffer message, int start) {
        message.putShort(start, (short) (message.position() - start));
    }

    private static void attribute(ByteBuffer message, int type, byte[] value) {
        int length = NLA_HDRLEN + value.length;
        message.putShort((short) length);
        message.putShort((short) type);
        message.put(value);
        message.put(new byte[Ctnetlink.align(length) - length]);
    }

    private static byte[] networkOrder(int port) {
        return new byte[] {(byte) (port >>> 8), (byte) port};
    }

    private static byte[] finish(ByteBuffer message) {
        int length = message.position();
        message.putInt(0, length);
        return Arrays.copyOf(message.array(), length);
    }
}
