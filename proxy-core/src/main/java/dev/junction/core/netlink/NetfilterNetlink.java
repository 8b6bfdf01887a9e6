package dev.junction.core.netlink;

import java.time.Duration;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Opens {@code NETLINK_NETFILTER} sockets: the only class that loads the C library for netlink. Thread-safe; holds no
 * file descriptor. A netlink socket talks to the network namespace of the thread that opens it, so callers open one
 * per call on a thread in the namespace they mean (for the agent, the node's).
 */
public final class NetfilterNetlink {

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

    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;

    /** The C library, loaded once for every user (conntrack, nfacct), on first use. */
    private static final class Loaded {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
    }

    private final LibC libc;
    private final jnr.ffi.Runtime runtime;
    private final Duration receiveTimeout;

    /**
     * Loads the C library unless loaded already.
     *
     * @param receiveTimeout how long a socket waits for each reply datagram before failing the call
     */
    public NetfilterNetlink(Duration receiveTimeout) {
        this.libc = Loaded.LIBC;
        this.runtime = Loaded.RUNTIME;
        this.receiveTimeout = receiveTimeout;
    }

    /**
     * A socket bound to a kernel-assigned port id, in the calling thread's network namespace; close it with
     * try-with-resources.
     *
     * @param operation what the caller does, such as {@code conntrack dump IPv4}, for error messages
     * @throws NetlinkException when the socket cannot be created or set up
     */
    public NetlinkSocket open(String operation) {
        int fd = libc.socket(Netlink.AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, Netlink.NETLINK_NETFILTER);
        if (fd < 0) {
            throw new NetlinkException(operation + ": socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER) failed with errno "
                    + Netlink.describeErrno(runtime.getLastError()));
        }
        NetlinkSocket socket = new NetlinkSocket(libc, runtime, fd, operation, receiveTimeout);
        try {
            socket.configure();
            return socket;
        } catch (NetlinkException e) {
            socket.close();
            throw e;
        }
    }
}
