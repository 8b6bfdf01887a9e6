package dev.junction.userspace.tcp;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.epoll.EpollSocketChannel;

/**
 * Zero-copy relaying of one direction between two epoll sockets on the same event loop: Netty's {@code spliceTo} moves
 * bytes socket to pipe to socket inside the kernel, in chunks, so that each finished chunk can be counted. Backpressure
 * holds as in the copying relay: while the pipe cannot drain into a full target socket, Netty stops reading the source
 * (a pipe holds 64 KiB by default, in kernel memory). Bytes that arrive between two chunks are read into buffers and
 * copied by the {@link RelayHandler} that stays in both pipelines, which also relays half-closes and closes.
 */
final class SplicedRelay {

    /** Bytes per splice chunk: the size of a default pipe. */
    static final int CHUNK = 64 * 1024;

    private SplicedRelay() {
    }

    /** Splices from {@code from} to {@code to} until either closes, counting each finished chunk in {@code bytes}. */
    static void start(EpollSocketChannel from, EpollSocketChannel to, Counter bytes) {
        from.spliceTo(to, CHUNK).addListener(done -> {
            if (done.isSuccess()) {
                bytes.increment(CHUNK);
                if (from.isActive() && to.isActive()) {
                    start(from, to, bytes);
                }
            } else {
                // A reset or close on either side: the relay handlers close the other side.
                from.close();
            }
        });
    }
}
