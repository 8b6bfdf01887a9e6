package dev.junction.core.conntrack;

import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Conntrack} over a {@code NETLINK_NETFILTER} socket: the only class that calls into the C library.
 *
 * <p>Every call opens its own socket and closes it before returning, so instances are thread-safe and hold no file
 * descriptor. A netlink socket talks to the network namespace of the thread that creates it: call from a thread in
 * the namespace whose table you mean (for the agent, the node's).
 */
public final class NetlinkConntrack implements Conntrack {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkConntrack.class);

    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int MSG_TRUNC = 0x20;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int SOCKADDR_NL_LENGTH = 12;
    private static final int RECEIVE_BUFFER = 64 * 1024;
    /** One entry and its header take a few hundred bytes; a lookup runs per new redirected UDP flow. */
    private static final int GET_BUFFER = 4 * 1024;

    /**
     * The C functions used. Public only because JNR-FFI generates the implementation in its own class loader; not
     * an API.
     */
    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int bind(int fd, @In byte[] address, int addressLength);

        @SaveError
        int setsockopt(int fd, int level, int option, @In byte[] value, int valueLength);

        @SaveError
        @ssize_t long sendto(int fd, @In byte[] buffer, @size_t long length, int flags, @In byte[] address,
                int addressLength);

        @SaveError
        @ssize_t long recv(int fd, @Out byte[] buffer, @size_t long length, int flags);

        int close(int fd);
    }

    private final LibC libc;
    private final jnr.ffi.Runtime runtime;
    private final Duration receiveTimeout;
    private final CtnetlinkEncoder encoder = new CtnetlinkEncoder(ByteOrder.nativeOrder());
    private final CtnetlinkDecoder decoder = new CtnetlinkDecoder(ByteOrder.nativeOrder());
    private final AtomicInteger sequence = new AtomicInteger();

    /**
     * Loads the C library.
     *
     * @param receiveTimeout how long to wait for each reply datagram before failing the call
     */
    public NetlinkConntrack(Duration receiveTimeout) {
        this.libc = LibraryLoader.create(LibC.class).load("c");
        this.runtime = jnr.ffi.Runtime.getRuntime(libc);
        this.receiveTimeout = receiveTimeout;
    }

    @Override
    public List<ConntrackFlow> listUdp(IpFamily family) {
        String operation = "conntrack dump " + family;
        try (Socket socket = open(operation)) {
            int seq = sequence.incrementAndGet();
            socket.send(encoder.dumpRequest(family, seq));
            List<ConntrackFlow> flows = new ArrayList<>();
            byte[] buffer = new byte[RECEIVE_BUFFER];
            boolean interrupted = false;
            CtnetlinkDecoder.DumpPart part;
            do {
                part = decoder.decodeDump(buffer, socket.receive(buffer), seq);
                part.flows().stream().filter(f -> f.protocol() == Protocol.UDP && f.family() == family)
                        .forEach(flows::add);
                interrupted |= part.interrupted();
            } while (!part.done());
            if (interrupted) {
                LOG.debug("conntrack dump interrupted by table changes, using partial result family={} flows={}",
                        family, flows.size());
            }
            return flows;
        }
    }

    @Override
    public int delete(List<ConntrackFlow> flows) {
        if (flows.isEmpty()) {
            return 0;
        }
        int deleted = 0;
        List<String> failures = new ArrayList<>();
        try (Socket socket = open("conntrack delete")) {
            byte[] buffer = new byte[RECEIVE_BUFFER];
            for (ConntrackFlow flow : flows) {
                int errno = deleteOne(socket, buffer, flow);
                if (errno == 0) {
                    deleted++;
                } else if (errno != Ctnetlink.ENOENT) {
                    failures.add(flow + ": errno " + Ctnetlink.describeErrno(errno));
                }
            }
        } catch (ConntrackException e) {
            throw new ConntrackException(e.getMessage(), deleted, e);
        }
        if (!failures.isEmpty()) {
            throw new ConntrackException("conntrack delete: " + failures.size() + " of " + flows.size()
                    + " flows failed, first " + failures.getFirst(), deleted, null);
        }
        return deleted;
    }

    @Override
    public Optional<ConntrackFlow> findByReply(Protocol protocol, List<ConntrackFlow.Tuple> replies) {
        if (replies.isEmpty()) {
            return Optional.empty();
        }
        try (Socket socket = open("conntrack get")) {
            byte[] buffer = new byte[GET_BUFFER];
            for (ConntrackFlow.Tuple reply : replies) {
                int seq = sequence.incrementAndGet();
                socket.send(encoder.getByReplyRequest(protocol, reply, seq));
                Optional<ConntrackFlow> flow = decoder.decodeGet(buffer, socket.receive(buffer), seq);
                if (flow.isPresent()) {
                    return flow;
                }
            }
            return Optional.empty();
        }
    }

    /** Sends one delete and waits for its acknowledgement; returns its errno (0 when deleted). */
    private int deleteOne(Socket socket, byte[] buffer, ConntrackFlow flow) {
        int seq = sequence.incrementAndGet();
        socket.send(encoder.deleteRequest(flow, seq));
        while (true) {
            for (CtnetlinkDecoder.Ack ack : decoder.decodeAcks(buffer, socket.receive(buffer))) {
                if (ack.sequence() == seq) {
                    return ack.errno();
                }
            }
        }
    }

    private Socket open(String operation) {
        int fd = libc.socket(Ctnetlink.AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, Ctnetlink.NETLINK_NETFILTER);
        if (fd < 0) {
            throw failure(operation, "socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER)");
        }
        Socket socket = new Socket(fd, operation);
        try {
            socket.configure();
            return socket;
        } catch (ConntrackException e) {
            socket.close();
            throw e;
        }
    }

    private ConntrackException failure(String operation, String call) {
        return new ConntrackException(operation + ": " + call + " failed with errno "
                + Ctnetlink.describeErrno(runtime.getLastError()));
    }

    /** One open netlink socket, bound to a kernel-assigned port id; closed by try-with-resources. */
    private final class Socket implements AutoCloseable {
        private final int fd;
        private final String operation;

        Socket(int fd, String operation) {
            this.fd = fd;
            this.operation = operation;
        }

        void configure() {
            // struct timeval on 64-bit Linux (x86-64, arm64): two longs, seconds then microseconds.
            ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            timeval.putLong(receiveTimeout.toSeconds()).putLong(receiveTimeout.toMillisPart() * 1000L);
            if (libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval.array(), 16) != 0) {
                throw failure(operation, "setsockopt(SO_RCVTIMEO)");
            }
            byte[] address = kernelAddress();
            if (libc.bind(fd, address, address.length) != 0) {
                throw failure(operation, "bind(AF_NETLINK)");
            }
        }

        void send(byte[] request) {
            byte[] kernel = kernelAddress();
            long sent = libc.sendto(fd, request, request.length, 0, kernel, kernel.length);
            if (sent != request.length) {
                throw sent < 0 ? failure(operation, "sendto")
                        : new ConntrackException(operation + ": sendto sent " + sent + " of " + request.length + " bytes");
            }
        }

        /** The length of the next datagram; MSG_TRUNC makes the kernel report a datagram larger than the buffer. */
        int receive(byte[] buffer) {
            while (true) {
                long length = libc.recv(fd, buffer, buffer.length, MSG_TRUNC);
                if (length > buffer.length) {
                    throw new ConntrackException(operation + ": reply datagram of " + length
                            + " bytes (expected: at most " + buffer.length + ")");
                }
                if (length >= 0) {
                    return (int) length;
                }
                int errno = runtime.getLastError();
                if (errno == EAGAIN) {
                    throw new ConntrackException(operation + ": no reply within " + receiveTimeout.toMillis() + " ms");
                }
                if (errno != EINTR) {
                    throw new ConntrackException(operation + ": recv failed with errno "
                            + Ctnetlink.describeErrno(errno));
                }
            }
        }

        @Override
        public void close() {
            libc.close(fd);
        }
    }

    /** {@code struct sockaddr_nl} for the kernel (port id 0, no multicast groups); also binds us to an auto port id. */
    private static byte[] kernelAddress() {
        ByteBuffer address = ByteBuffer.allocate(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
        address.putShort((short) Ctnetlink.AF_NETLINK);
        return address.array();
    }
}
