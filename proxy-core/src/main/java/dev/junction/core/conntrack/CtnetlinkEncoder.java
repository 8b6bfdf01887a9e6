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

import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.netlink.Netlink;
import dev.junction.core.netlink.NetlinkRequest;
import java.nio.ByteOrder;

/**
 * Builds ctnetlink requests. Pure: the bytes depend only on the arguments and the host byte order, which netlink uses
 * for its headers (addresses and ports are in network order, as in packets).
 */
final class CtnetlinkEncoder {

    private final ByteOrder hostOrder;

    CtnetlinkEncoder(ByteOrder hostOrder) {
        this.hostOrder = hostOrder;
    }

    /** {@code IPCTNL_MSG_CT_GET} with {@code NLM_F_REQUEST | NLM_F_DUMP}: every entry of one family. */
    byte[] dumpRequest(IpFamily family, int sequence) {
        return begin(Ctnetlink.IPCTNL_MSG_CT_GET, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, sequence, family)
                .toBytes();
    }

    /**
     * {@code IPCTNL_MSG_CT_DELETE} with {@code NLM_F_REQUEST | NLM_F_ACK} for the entry with this original tuple. The
     * tuple is always present: the kernel flushes the whole table on a delete without one.
     */
    byte[] deleteRequest(ConntrackFlow flow, int sequence) {
        NetlinkRequest message = begin(Ctnetlink.IPCTNL_MSG_CT_DELETE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK,
                sequence, flow.family());
        writeTuple(message, CTA_TUPLE_ORIG, flow.protocol(), flow.original());
        return message.toBytes();
    }

    /** {@code IPCTNL_MSG_CT_GET} with {@code NLM_F_REQUEST}: the one entry whose reply tuple is {@code reply}. */
    byte[] getByReplyRequest(Protocol protocol, ConntrackFlow.Tuple reply, int sequence) {
        NetlinkRequest message = begin(Ctnetlink.IPCTNL_MSG_CT_GET, Netlink.NLM_F_REQUEST, sequence, reply.family());
        writeTuple(message, CTA_TUPLE_REPLY, protocol, reply);
        return message.toBytes();
    }

    private void writeTuple(NetlinkRequest message, int type, Protocol protocol, ConntrackFlow.Tuple tuple) {
        int nested = message.beginNested(type);
        writeAddresses(message, tuple);
        writePorts(message, protocol, tuple);
        message.endNested(nested);
    }

    private void writeAddresses(NetlinkRequest message, ConntrackFlow.Tuple tuple) {
        boolean v4 = tuple.family() == IpFamily.IPV4;
        int ip = message.beginNested(CTA_TUPLE_IP);
        message.attribute(v4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, tuple.source().bytes());
        message.attribute(v4 ? CTA_IP_V4_DST : CTA_IP_V6_DST, tuple.destination().bytes());
        message.endNested(ip);
    }

    private void writePorts(NetlinkRequest message, Protocol protocol, ConntrackFlow.Tuple tuple) {
        int proto = message.beginNested(CTA_TUPLE_PROTO);
        message.attribute(CTA_PROTO_NUM, new byte[] {(byte) Ctnetlink.protocolNumber(protocol)});
        message.attribute(CTA_PROTO_SRC_PORT, networkOrder(tuple.sourcePort()));
        message.attribute(CTA_PROTO_DST_PORT, networkOrder(tuple.destinationPort()));
        message.endNested(proto);
    }

    private NetlinkRequest begin(int ctnetlinkMessage, int flags, int sequence, IpFamily family) {
        return new NetlinkRequest(hostOrder, Ctnetlink.messageType(ctnetlinkMessage), flags, sequence,
                Ctnetlink.addressFamily(family));
    }

    private static byte[] networkOrder(int port) {
        return new byte[] {(byte) (port >>> 8), (byte) port};
    }
}
