package dev.junction.userspace.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.unix.Buffer;
import io.netty.channel.uring.IoUringIoOps;
import java.nio.ByteBuffer;

/**
 * The io_uring submissions of the relay that owns its sockets ({@link UringTcpListener}, {@link UringRelay}), as
 * {@code io_uring_sqe} fields; {@code tag} comes back as the completion's {@code data()}.
 */
final class UringOps {

    /** {@code -ECANCELED}: an operation cancelled by {@link #cancel}. */
    static final int CANCELED = -125;
    /** {@code IORING_CQE_F_MORE}: a multishot operation stays armed. */
    static final int CQE_F_MORE = 1 << 1;

    private static final byte IORING_OP_POLL_ADD = 6;
    private static final byte IORING_OP_ASYNC_CANCEL = 14;
    private static final byte IORING_OP_ACCEPT = 13;
    private static final byte IORING_OP_CONNECT = 16;
    private static final byte IORING_OP_CLOSE = 19;
    private static final byte IORING_OP_SEND = 26;
    private static final byte IORING_OP_RECV = 27;
    private static final short IORING_ACCEPT_MULTISHOT = 1;
    private static final int POLLIN = 0x1;
    private static final int POLLOUT = 0x4;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    /** A send to a socket whose peer has gone fails with EPIPE instead of raising SIGPIPE. */
    private static final int MSG_NOSIGNAL = 0x4000;

    private UringOps() {
    }

    /** Accepts connections on {@code listener} until cancelled or failed, one completion each (Linux 5.19). */
    static IoUringIoOps multishotAccept(int listener, short tag) {
        return op(IORING_OP_ACCEPT, IORING_ACCEPT_MULTISHOT, listener, 0, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC, tag);
    }

    /** Connects {@code socket} to the {@code sockaddr} in {@code address}, which must live until the completion. */
    static IoUringIoOps connect(int socket, ByteBuf address, short tag) {
        return op(IORING_OP_CONNECT, (short) 0, socket, address.readableBytes(), memoryAddress(address, 0), 0, 0, tag);
    }

    /** Completes once {@code socket} has something to read: bytes, its end, or an error. Holds no buffer. */
    static IoUringIoOps pollIn(int socket, short tag) {
        return op(IORING_OP_POLL_ADD, (short) 0, socket, 0, 0, 0, POLLIN, tag);
    }

    /** Completes once {@code socket} can take bytes, or has failed. */
    static IoUringIoOps pollOut(int socket, short tag) {
        return op(IORING_OP_POLL_ADD, (short) 0, socket, 0, 0, 0, POLLOUT, tag);
    }

    /** Receives into {@code buffer} from its start, up to its capacity. */
    static IoUringIoOps recv(int socket, ByteBuf buffer, short tag) {
        return op(IORING_OP_RECV, (short) 0, socket, 0, memoryAddress(buffer, 0), buffer.capacity(), 0, tag);
    }

    /** Sends {@code buffer}'s bytes from {@code from} to {@code to}. */
    static IoUringIoOps send(int socket, ByteBuf buffer, int from, int to, short tag) {
        return op(IORING_OP_SEND, (short) 0, socket, 0, memoryAddress(buffer, from), to - from, MSG_NOSIGNAL, tag);
    }

    static IoUringIoOps close(int fd, short tag) {
        return op(IORING_OP_CLOSE, (short) 0, fd, 0, 0, 0, 0, tag);
    }

    /** Cancels the operation {@code IoRegistration.submit} returned {@code id} for. */
    static IoUringIoOps cancel(long id, short tag) {
        return op(IORING_OP_ASYNC_CANCEL, (short) 0, -1, 0, id, 0, 0, tag);
    }

    private static IoUringIoOps op(byte opcode, short ioPrio, int fd, long union1, long union2, int len, int union3,
            short tag) {
        return new IoUringIoOps(opcode, (byte) 0, ioPrio, fd, union1, union2, len, union3, (long) tag, (short) 0,
                (short) 0, 0, 0L);
    }

    private static long memoryAddress(ByteBuf buffer, int index) {
        if (buffer.hasMemoryAddress()) {
            return buffer.memoryAddress() + index;
        }
        // The internal NIO buffer may be shared by several ByteBufs, and so start before this one.
        ByteBuffer nio = buffer.internalNioBuffer(index, buffer.capacity() - index);
        return Buffer.memoryAddress(nio) + nio.position();
    }
}
