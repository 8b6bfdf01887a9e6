package dev.junction.core.conntrack;

import static dev.junction.core.netlink.Netlink.NLMSG_DONE;
import static dev.junction.core.netlink.Netlink.NLMSG_ERROR;
import static dev.junction.core.netlink.Netlink.NLMSG_NOOP;
import static dev.junction.core.netlink.Netlink.NLMSG_OVERRUN;

import dev.junction.core.netlink.MalformedNetlinkException;
import dev.junction.core.netlink.Netlink;
import dev.junction.core.netlink.NetlinkMessage;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses what the kernel sends back on a ctnetlink socket: dump parts (one datagram holds one or more messages, the
 * last datagram ends with {@code NLMSG_DONE}) and acknowledgements ({@code NLMSG_ERROR} with errno 0 or an error).
 * Pure and strict: anything truncated, oversized or unexpected is a {@link MalformedNetlinkException}.
 */
final class CtnetlinkDecoder {

    /** The flows of one datagram of a dump. {@code interrupted}: the table changed while dumping (NLM_F_DUMP_INTR). */
    record DumpPart(List<ConntrackFlow> flows, boolean done, boolean interrupted) {
        DumpPart {
            flows = List.copyOf(flows);
        }
    }

    /** The answer to one request: {@code errno} 0 when it succeeded. */
    record Ack(int sequence, int errno) {
    }

    private final ByteOrder hostOrder;
    private final FlowAttributes flowAttributes = new FlowAttributes();

    CtnetlinkDecoder(ByteOrder hostOrder) {
        this.hostOrder = hostOrder;
    }

    /**
     * One datagram of the answer to the dump request {@code sequence}. Entries of protocols Kubernetes never proxies
     * (ICMP and others without ports) are left out.
     *
     * @throws ConntrackException when the kernel answered with an error
     */
    DumpPart decodeDump(byte[] datagram, int length, int sequence) {
        List<ConntrackFlow> flows = new ArrayList<>();
        boolean done = false;
        boolean interrupted = false;
        for (NetlinkMessage message : messages(datagram, length)) {
            expectSequence(message, sequence);
            interrupted |= (message.flags() & Netlink.NLM_F_DUMP_INTR) != 0;
            switch (message.type()) {
                case NLMSG_NOOP -> { }
                case NLMSG_DONE -> {
                    done = true;
                    failOnError("conntrack dump", doneErrno(message));
                }
                case NLMSG_ERROR -> failOnError("conntrack dump", message.errno());
                case NLMSG_OVERRUN -> throw new ConntrackException("conntrack dump: the kernel reported data lost");
                default -> flow(message).ifPresent(flows::add);
            }
        }
        return new DumpPart(flows, done, interrupted);
    }

    /**
     * The answer to the get request {@code sequence}: the entry, or empty when the kernel has none (ENOENT).
     *
     * @throws ConntrackException when the kernel answered with another error
     */
    Optional<ConntrackFlow> decodeGet(byte[] datagram, int length, int sequence) {
        for (NetlinkMessage message : messages(datagram, length)) {
            expectSequence(message, sequence);
            if (message.type() == NLMSG_ERROR) {
                int errno = message.errno();
                if (errno == Netlink.ENOENT) {
                    return Optional.empty();
                }
                failOnError("conntrack get", errno);
            } else if (message.type() != NLMSG_NOOP) {
                return flow(message);
            }
        }
        throw new MalformedNetlinkException("conntrack get: a datagram without the entry or an error");
    }

    /** The acknowledgements in one datagram; any other message is malformed here. */
    List<Ack> decodeAcks(byte[] datagram, int length) {
        List<Ack> acks = new ArrayList<>();
        for (NetlinkMessage message : messages(datagram, length)) {
            if (message.type() != NLMSG_ERROR) {
                throw new MalformedNetlinkException("message type " + message.type() + " with sequence "
                        + message.sequence() + " (expected: an acknowledgement, NLMSG_ERROR)");
            }
            acks.add(new Ack(message.sequence(), message.errno()));
        }
        return acks;
    }

    private Optional<ConntrackFlow> flow(NetlinkMessage message) {
        int expectedType = Ctnetlink.messageType(Ctnetlink.IPCTNL_MSG_CT_NEW);
        if (message.type() != expectedType) {
            throw new MalformedNetlinkException("message type 0x" + Integer.toHexString(message.type())
                    + " in a dump (expected: 0x" + Integer.toHexString(expectedType) + ", IPCTNL_MSG_CT_NEW)");
        }
        return flowAttributes.flow(message.nfnetlinkAttributes("conntrack entry"));
    }

    private List<NetlinkMessage> messages(byte[] datagram, int length) {
        return NetlinkMessage.split(datagram, length, hostOrder);
    }

    private static void expectSequence(NetlinkMessage message, int sequence) {
        if (message.sequence() != sequence) {
            throw new MalformedNetlinkException("message type " + message.type() + " with sequence "
                    + Integer.toUnsignedString(message.sequence()) + " (expected: "
                    + Integer.toUnsignedString(sequence) + ")");
        }
    }

    /** NLMSG_DONE carries the dump's result code when the kernel has room for it (every kernel since 2.6). */
    private static int doneErrno(NetlinkMessage message) {
        return message.payload().remaining() >= 4 ? -message.payload().getInt(0) : 0;
    }

    private static void failOnError(String operation, int errno) {
        if (errno != 0) {
            throw new ConntrackException(operation + ": the kernel answered errno " + Netlink.describeErrno(errno));
        }
    }
}
