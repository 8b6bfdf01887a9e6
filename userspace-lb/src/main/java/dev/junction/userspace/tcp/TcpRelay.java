package dev.junction.userspace.tcp;

/** How a TCP connection's bytes move between the client's socket and the endpoint's. */
public enum TcpRelay {
    /** Through Java buffers, on every transport; counts every byte. */
    COPY,
    /**
     * Inside the kernel with {@code splice(2)} through a pipe, when both sockets are epoll sockets; otherwise as
     * {@link #COPY}. The bytes meter advances per 64 KiB spliced, so a connection's last partial chunk is not counted.
     */
    SPLICE
}
