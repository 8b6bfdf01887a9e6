package dev.junction.userspace.serve;

/**
 * One bound socket of a Service port: a TCP listener or a UDP socket.
 *
 * @param port   the port bound, which the kernel may have picked
 * @param closer stops accepting or receiving, and returns once the socket is closed
 */
record BoundSocket(int port, Runnable closer) {

    void close() {
        closer.run();
    }
}
