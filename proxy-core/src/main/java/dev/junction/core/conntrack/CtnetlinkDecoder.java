package dev.junction.core.conntrack;

import static dev.junction.core.conntrack.Ctnetlink.NLMSG_DONE;
import static dev.junction.core.conntrack.Ctnetlink.NLMSG_ERROR;
import static dev.junction.core.conntrack.Ctnetlink.NLMSG_HDRLEN;
import static dev.junction.core.conntrack.Ctnetlink.NLMSG_NOOP;
import static dev.junction.core.conntrack.Ctnetlink.NLMSG_OVERRUN;

import dev.junction.core.conntrack.NetlinkAttributes.Attribute;
import java.nio.ByteBuffer;
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

    private record Message(int type, int flags, int sequence, ByteBuffer payload) {
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
        for (Message message : messages(datagram, length)) {
            expectSequence(message, sequence);
            interrupted |= (message.flags() & Ctnetlink.NLM_F_DUMP_INTR) != 0;
            switch (message.type()) {
                case NLMSG_NOOP -> { }
                case NLMSG_DONE -> {
                    done = true;
                    failOnError("conntrack dump", doneErrno(message));
                }
                case NLMSG_ERROR -> failOnError("conntrack dump", errno(message));
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
        for (Message message : messages(datagram, length)) {
            expectSequence(message, sequence);
            if (message.type() == NLMSG_ERROR) {
                int errno = errno(message);
                if (errno == Ctnetlink.ENOENT) {
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
        for (Message message : messages(datagram, length)) {
            if (message.type() != NLMSG_ERROR) {
                throw new MalformedNetlinkException("message type " + message.type() + " with sequence "
                        + message.sequence() + " (expected: an acknowledgement, NLMSG_ERROR)");
            }
            acks.add(new Ack(message.sequence(), errno(message)));
        }
        return acks;
    }

    private Optional<ConntrackFlow> flow(Message message) {
        int expectedType = Ctnetlink.messageType(Ctnetlink.IPCTNL_MSG_CT_NEW);
        if (message.type() != expectedType) {
            throw new MalformedNetlinkException("message type 0x" + Integer.toHexString(message.type())
                    + " in a dump (expected: 0x" + Integer.toHexString(expectedType) + ", IPCTNL_MSG_CT_NEW)");
        }
        ByteBuffer payload = message.payload();
        if (payload.remaining() < Ctnetlink.NFGENMSG_LEN) {
            throw new MalformedNetlinkException("conntrack entry of " + payload.remaining()
                    + " bytes (expected: at least the 4-byte nfgenmsg)");
        }
        List<Attribute> attributes = NetlinkAttributes.parse(
                payload.position(Ctnetlink.NFGENMSG_LEN), "conntrack entry");
        return flowAttributes.flow(attributes);
    }

    private List<Message> messages(byte[] datagram, int length) {
        if (length < 0 || length > datagram.length) {
            throw new IllegalArgumentException(
                    "datagram length " + length + " (expected: 0-" + datagram.length + ", the buffer size)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(datagram, 0, length).order(hostOrder);
        List<Message> messages = new ArrayList<>();
        int offset = 0;
        while (offset < length) {
            if (length - offset < NLMSG_HDRLEN) {
                throw new MalformedNetlinkException((length - offset) + " trailing bytes at offset " + offset
                        + " (expected: a 16-byte message header)");
            }
            int messageLength = buffer.getInt(offset);
            if (messageLength < NLMSG_HDRLEN || messageLength > length - offset) {
                throw new MalformedNetlinkException("message length " + Integer.toUnsignedString(messageLength)
                        + " at offset " + offset + " (expected: 16-" + (length - offset) + ")");
            }
            messages.add(new Message(Short.toUnsignedInt(buffer.getShort(offset + 4)),
                    Short.toUnsignedInt(buffer.getShort(offset + 6)), buffer.getInt(offset + 8),
                    buffer.slice(offset + NLMSG_HDRLEN, messageLength - NLMSG_HDRLEN).order(hostOrder)));
            offset = Math.min(length, offset + Ctnetlink.align(messageLength));
        }
        return messages;
    }

    private static void expectSequence(Message message, int sequence) {
        if (message.sequence() != sequence) {
            throw new MalformedNetlinkException("message type " + message.type() + " with sequence "
                    + Integer.toUnsignedString(message.sequence()) + " (expected: "
                    + Integer.toUnsignedString(sequence) + ")");
        }
    }

    /** {@code struct nlmsgerr}: a negative errno (0 for an ack), then the request's header. */
    private static int errno(Message message) {
        if (message.payload().remaining() < 4) {
            throw new MalformedNetlinkException("NLMSG_ERROR with " + message.payload().remaining()
                    + " bytes (expected: at least a 4-byte error code)");
        }
        return -message.payload().getInt(0);
    }

    /** NLMSG_DONE carries the dump's result code when the kernel has room for it (every kernel since 2.6). */
    private static int doneErrno(Message message) {
        return message.payload().remaining() >= 4 ? -message.payload().getInt(0) : 0;
    }

    private static void failOnError(String operation, int errno) {
        if (errno != 0) {
            throw new ConntrackException(operation + ": the kernel answered errno " + Ctnetlink.describeErrno(errno));
        }
    }
}
