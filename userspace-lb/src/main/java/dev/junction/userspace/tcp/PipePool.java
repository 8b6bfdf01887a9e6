package dev.junction.userspace.tcp;

import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Empty pipes for the {@link SplicedRelay}s of one event loop: a direction holds a pipe only while bytes are in it and
 * gives it back once drained, so idle connections hold none and a new connection usually costs no {@code pipe2} or
 * {@code close}. At most {@value #MAX_IDLE} idle pipes are kept; the rest are closed when given back. Confined to
 * its event loop thread; the pipes it keeps are closed when the thread ends.
 */
final class PipePool {

    private static final int MAX_IDLE = 64;

    private static final FastThreadLocal<PipePool> POOLS = new FastThreadLocal<>() {
        @Override
        protected PipePool initialValue() {
            return new PipePool(SpliceCalls.get());
        }

        @Override
        protected void onRemoval(PipePool pool) {
            pool.closeAll();
        }
    };

    private final SpliceCalls calls;
    private final ArrayDeque<int[]> idle = new ArrayDeque<>();

    PipePool(SpliceCalls calls) {
        this.calls = calls;
    }

    /** The pool of the calling event loop thread. */
    static PipePool current() {
        return POOLS.get();
    }

    /** An empty non-blocking pipe, read end first. */
    int[] take() throws IOException {
        int[] pipe = idle.pollFirst();
        return pipe != null ? pipe : calls.pipe();
    }

    /** Takes back a pipe that holds no byte. */
    void giveBack(int[] pipe) {
        if (idle.size() < MAX_IDLE) {
            idle.addFirst(pipe);
        } else {
            close(pipe);
        }
    }

    /** Closes a pipe that may still hold bytes (a relay that failed mid-transfer). */
    void discard(int[] pipe) {
        close(pipe);
    }

    private void closeAll() {
        idle.forEach(this::close);
        idle.clear();
    }

    private void close(int[] pipe) {
        calls.close(pipe[0]);
        calls.close(pipe[1]);
    }
}
