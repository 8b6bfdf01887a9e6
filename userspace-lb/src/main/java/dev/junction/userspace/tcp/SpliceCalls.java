package dev.junction.userspace.tcp;

import java.io.IOException;
import java.util.function.LongSupplier;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The system calls of the {@link SplicedRelay}, through JNR-FFI. Netty's own {@code Native.splice} returns 0 both for
 * "try again" and for end of stream, and a relay must tell the two apart; these return the kernel's answer. All
 * descriptors are non-blocking, so no call waits.
 */
final class SpliceCalls {

    /** The C functions used. Public only because JNR-FFI generates the implementation in its own class loader. */
    public interface LibC {
        @ssize_t long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, @size_t long len, int flags);

        int pipe2(@Out int[] fds, int flags);

        @ssize_t long write(int fd, @In byte[] buf, @size_t long count);

        int shutdown(int fd, int how);

        int close(int fd);

        String strerror(int errno);
    }

    /** What a non-blocking call returns instead of a count when it would have to wait. */
    static final long AGAIN = -1;

    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int SPLICE_F_MOVE = 1;
    private static final int SPLICE_F_NONBLOCK = 2;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SHUT_WR = 1;

    private static final SpliceCalls INSTANCE = new SpliceCalls(LibraryLoader.create(LibC.class).load("c"));

    private final LibC libc;
    private final Runtime runtime;

    private SpliceCalls(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    static SpliceCalls get() {
        return INSTANCE;
    }

    /** A non-blocking pipe: read end first. */
    int[] pipe() throws IOException {
        int[] fds = new int[2];
        check("pipe2", libc.pipe2(fds, O_NONBLOCK | O_CLOEXEC));
        return fds;
    }

    /** Moves up to {@code length} bytes; 0 only at end of stream, {@link #AGAIN} when nothing can move now. */
    long splice(int from, int to, long length) throws IOException {
        return nonBlocking("splice",
                () -> libc.splice(from, null, to, null, length, SPLICE_F_MOVE | SPLICE_F_NONBLOCK));
    }

    /** Writes the first {@code length} bytes of {@code bytes}; the count written, or {@link #AGAIN}. */
    long write(int fd, byte[] bytes, int length) throws IOException {
        return nonBlocking("write", () -> libc.write(fd, bytes, length));
    }

    /** Sends a FIN: the socket's output is shut, its input stays open. */
    void shutdownOutput(int fd) throws IOException {
        check("shutdown", libc.shutdown(fd, SHUT_WR));
    }

    /** Closes a pipe end; a failure cannot be acted on, so it is ignored. */
    void close(int fd) {
        libc.close(fd);
    }

    /** Runs a call that returns a count or -1 with errno, again when a signal interrupted it. */
    private long nonBlocking(String call, LongSupplier syscall) throws IOException {
        while (true) {
            long result = syscall.getAsLong();
            if (result >= 0) {
                return result;
            }
            int errno = runtime.getLastError();
            if (errno == EAGAIN) {
                return AGAIN;
            }
            if (errno != EINTR) {
                throw failure(call, errno);
            }
        }
    }

    private void check(String call, int result) throws IOException {
        if (result != 0) {
            throw failure(call, runtime.getLastError());
        }
    }

    private IOException failure(String call, int errno) {
        return new IOException(call + ": " + libc.strerror(errno) + " (errno " + errno + ")");
    }
}
