package dev.junction.core.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * One open netlink socket, from {@link NetfilterNetlink#open}; used by one thread and closed by try-with-resources.
 * Every failure is a {@link NetlinkException} naming the operation.
 */
public final class NetlinkSocket implements AutoCloseable {

    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int MSG_TRUNC = 0x20;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int SOCKADDR_NL_LENGTH = 12;

    private final NetfilterNetlink.LibC libc;
    private final jnr.ffi.Runtime runtime;
    private final int fd;
    private final String operation;
    private final Duration receiveTimeout;

    NetlinkSocket(NetfilterNetlink.LibC libc, jnr.ffi.Runtime runtime, int fd, String operation,
            Duration receiveTimeout) {
        this.libc = libc;
        this.runtime = runtime;
        this.fd = fd;
        this.operation = operation;
        this.receiveTimeout = receiveTimeout;
    }

    void configure() {
        // struct timeval on 64-bit Linux (x86-64, arm64): two longs, seconds then microseconds.
        ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        timeval.putLong(receiveTimeout.toSeconds()).putLong(receiveTimeout.toMillisPart() * 1000L);
        if (libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval.array(), 16) != 0) {
            throw failure("setsockopt(SO_RCVTIMEO)");
        }
        byte[] address = kernelAddress();
        if (libc.bind(fd, address, address.length) != 0) {
            throw failure("bind(AF_NETLINK)");
        }
    }

    public void send(byte[] request) {
        byte[] kernel = kernelAddress();
        long sent = libc.sendto(fd, request, request.length, 0, kernel, kernel.length);
        if (sent != request.length) {
            throw sent < 0 ? failure("sendto")
                    : new NetlinkException(operation + ": sendto sent " + sent + " of " + request.length + " bytes");
        }
    }

    /** The length of the next datagram; MSG_TRUNC makes the kernel report a datagram larger than the buffer. */
    public int receive(byte[] buffer) {
        while (true) {
            long length = libc.recv(fd, buffer, buffer.length, MSG_TRUNC);
            if (length > buffer.length) {
                throw new NetlinkException(operation + ": reply datagram of " + length
                        + " bytes (expected: at most " + buffer.length + ")");
            }
            if (length >= 0) {
                return (int) length;
            }
            int errno = runtime.getLastError();
            if (errno == EAGAIN) {
                throw new NetlinkException(operation + ": no reply within " + receiveTimeout.toMillis() + " ms");
            }
            if (errno != EINTR) {
                throw new NetlinkException(operation + ": recv failed with errno " + Netlink.describeErrno(errno));
            }
        }
    }

    @Override
    public void close() {
        libc.close(fd);
    }

    private NetlinkException failure(String call) {
        return new NetlinkException(operation + ": " + call + " failed with errno "
                + Netlink.describeErrno(runtime.getLastError()));
    }

    /** {@code struct sockaddr_nl} for the kernel (port id 0, no multicast groups); also binds us to an auto port id. */
    private static byte[] kernelAddress() {
        ByteBuffer address = ByteBuffer.allocate(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
        address.putShort((short) Netlink.AF_NETLINK);
        return address.array();
    }
}
