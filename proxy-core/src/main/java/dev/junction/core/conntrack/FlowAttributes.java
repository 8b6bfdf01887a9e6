package dev.junction.core.conntrack;

import static dev.junction.core.conntrack.Ctnetlink.CTA_IP_V4_DST;
import static dev.junction.core.conntrack.Ctnetlink.CTA_IP_V4_SRC;
import static dev.junction.core.conntrack.Ctnetlink.CTA_IP_V6_DST;
import static dev.junction.core.conntrack.Ctnetlink.CTA_IP_V6_SRC;
import static dev.junction.core.conntrack.Ctnetlink.CTA_PROTO_DST_PORT;
import static dev.junction.core.conntrack.Ctnetlink.CTA_PROTO_NUM;
import static dev.junction.core.conntrack.Ctnetlink.CTA_PROTO_SRC_PORT;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.netlink.MalformedNetlinkException;
import dev.junction.core.netlink.NetlinkAttributes.Attribute;
import java.util.List;
import java.util.Optional;

/**
 * Turns the attributes of one {@code IPCTNL_MSG_CT_NEW} message into a {@link ConntrackFlow}: the original and reply
 * tuples ({@code CTA_TUPLE_IP} with the addresses, {@code CTA_TUPLE_PROTO} with the protocol and ports). Every other
 * attribute (status, timeout, counters, mark, zone...) is skipped.
 */
final class FlowAttributes {

    /** A tuple as read, before we know whether its protocol has ports. */
    private record RawTuple(int protocol, IpAddress source, IpAddress destination, Integer sourcePort,
            Integer destinationPort) {

        ConntrackFlow.Tuple withPorts(String path) {
            if (sourcePort == null || destinationPort == null) {
                throw new MalformedNetlinkException(path + ": protocol " + protocol
                        + " without CTA_PROTO_SRC_PORT and CTA_PROTO_DST_PORT");
            }
            return new ConntrackFlow.Tuple(source, sourcePort, destination, destinationPort);
        }
    }

    /** The flow, or empty when its protocol is not one Kubernetes proxies. */
    Optional<ConntrackFlow> flow(List<Attribute> attributes) {
        RawTuple original = tuple(attributes, Ctnetlink.CTA_TUPLE_ORIG, "CTA_TUPLE_ORIG");
        RawTuple reply = tuple(attributes, Ctnetlink.CTA_TUPLE_REPLY, "CTA_TUPLE_REPLY");
        if (original.protocol() != reply.protocol()) {
            throw new MalformedNetlinkException("CTA_TUPLE_REPLY: protocol " + reply.protocol()
                    + " (expected: " + original.protocol() + ", the original tuple's)");
        }
        Optional<Protocol> protocol = Ctnetlink.protocol(original.protocol());
        if (protocol.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConntrackFlow(protocol.get(), original.withPorts("CTA_TUPLE_ORIG"),
                    reply.withPorts("CTA_TUPLE_REPLY")));
        } catch (IllegalArgumentException e) {
            throw new MalformedNetlinkException(e.getMessage());
        }
    }

    private static RawTuple tuple(List<Attribute> attributes, int type, String name) {
        List<Attribute> tuple = find(attributes, type, name).nested(name);
        String ipName = name + "/CTA_TUPLE_IP";
        List<Attribute> ip = find(tuple, Ctnetlink.CTA_TUPLE_IP, ipName).nested(ipName);
        IpAddress source = address(ip, CTA_IP_V4_SRC, CTA_IP_V6_SRC, name + " source address");
        IpAddress destination = address(ip, CTA_IP_V4_DST, CTA_IP_V6_DST, name + " destination address");
        String protoName = name + "/CTA_TUPLE_PROTO";
        List<Attribute> proto = find(tuple, Ctnetlink.CTA_TUPLE_PROTO, protoName).nested(protoName);
        int protocol = find(proto, CTA_PROTO_NUM, protoName + "/CTA_PROTO_NUM").u8();
        return new RawTuple(protocol, source, destination, port(proto, CTA_PROTO_SRC_PORT),
                port(proto, CTA_PROTO_DST_PORT));
    }

    private static IpAddress address(List<Attribute> ip, int v4Type, int v6Type, String what) {
        Optional<Attribute> v4 = first(ip, v4Type);
        Optional<Attribute> v6 = first(ip, v6Type);
        if (v4.isPresent() == v6.isPresent()) {
            throw new MalformedNetlinkException(what + ": " + (v4.isPresent() ? "both IPv4 and IPv6" : "none")
                    + " (expected: exactly one of CTA_IP_V4_* and CTA_IP_V6_*)");
        }
        return v4.map(a -> IpAddress.ofBytes(a.bytes(4))).orElseGet(() -> IpAddress.ofBytes(v6.get().bytes(16)));
    }

    private static Integer port(List<Attribute> proto, int type) {
        return first(proto, type).map(Attribute::be16).orElse(null);
    }

    private static Attribute find(List<Attribute> attributes, int type, String name) {
        return first(attributes, type).orElseThrow(() -> new MalformedNetlinkException(name + " missing"));
    }

    private static Optional<Attribute> first(List<Attribute> attributes, int type) {
        return attributes.stream().filter(a -> a.type() == type).findFirst();
    }
}
