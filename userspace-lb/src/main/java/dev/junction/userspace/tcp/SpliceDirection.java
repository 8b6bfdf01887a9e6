package dev.junction.userspace.tcp;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.util.Arrays;

/**
 * One direction of a {@link SplicedRelay}: bytes from one socket into a pipe and from the pipe into the other socket,
 * never through user space. The pipe is filled only when empty, so a {@code splice} into it that would block means the
 * source socket has nothing to read, and the pipe (64 KiB) bounds what is in flight: while the destination cannot take
 * more, the source is not read (backpressure). The pipe comes from the event loop's {@link PipePool} when the source
 * may have bytes and goes back once the source has none, so a quiet direction holds no pipe. End of input is relayed
 * as a FIN once every byte before it has gone out. Event-loop confined.
 */
final class SpliceDirection {

    /** How far {@link #pump} got. */
    enum Progress {
        /** Waiting for the source to become readable or the destination writable. */
        WAITING,
        /** Stopped after its budget with work left: pump again soon. */
        MORE,
        /** The source ended and the destination's output is shut: nothing more will move. */
        FINISHED
    }

    /** One pipe's default capacity: 16 pages. */
    private static final long CHUNK = 64 * 1024;

    private final SpliceCalls calls;
    private final PipePool pipes;
    private final int from;
    private final int to;
    private final Counter bytes;
    /** Read end first; null while the direction holds none. */
    private int[] pipe;
    /** What was read from the source through Netty before the relay took over; goes out first. */
    private byte[] early;
    private long inPipe;
    private boolean inputEnded;
    private boolean outputShut;

    /**
     * @param early       bytes already read from {@code from}, to write before anything else (may be empty)
     * @param inputEnded  whether {@code from} had already reached end of stream
     * @param bytes       counts every byte relayed
     */
    SpliceDirection(SpliceCalls calls, PipePool pipes, int from, int to, byte[] early, boolean inputEnded,
            Counter bytes) {
        this.calls = calls;
        this.pipes = pipes;
        this.from = from;
        this.to = to;
        this.early = early;
        this.inputEnded = inputEnded;
        this.bytes = bytes;
        bytes.increment(early.length);
    }

    /**
     * Moves what can move now, at most {@code budget} pipefuls read from the source, so that one busy connection
     * cannot hold the event loop.
     *
     * @throws IOException when either socket fails (reset, broken pipe) or no pipe can be made: the relay is over
     */
    Progress pump(int budget) throws IOException {
        for (int reads = 0; reads < budget; ) {
            if (early.length > 0) {
                if (!writeEarly()) {
                    return Progress.WAITING;
                }
            } else if (inPipe > 0) {
                long moved = calls.splice(pipe[0], to, inPipe);
                if (moved == SpliceCalls.AGAIN) {
                    return Progress.WAITING;
                }
                inPipe -= moved;
            } else if (inputEnded) {
                release();
                if (!outputShut) {
                    outputShut = true;
                    calls.shutdownOutput(to);
                }
                return Progress.FINISHED;
            } else {
                if (pipe == null) {
                    pipe = pipes.take();
                }
                long read = calls.splice(from, pipe[1], CHUNK);
                if (read == SpliceCalls.AGAIN) {
                    release();
                    return Progress.WAITING;
                }
                inputEnded = read == 0;
                inPipe = read;
                bytes.increment(read);
                reads++;
            }
        }
        return Progress.MORE;
    }

    /** Whether the direction waits for the destination to take bytes (rather than for the source to have some). */
    boolean waitsForDestination() {
        return early.length > 0 || inPipe > 0;
    }

    /** Gives the pipe back: to the pool when empty, else (the relay ended mid-transfer) closed with its bytes. */
    void release() {
        if (pipe == null) {
            return;
        }
        if (inPipe == 0) {
            pipes.giveBack(pipe);
        } else {
            pipes.discard(pipe);
        }
        pipe = null;
    }

    private boolean writeEarly() throws IOException {
        long written = calls.write(to, early, early.length);
        if (written == SpliceCalls.AGAIN) {
            return false;
        }
        early = Arrays.copyOfRange(early, (int) written, early.length);
        return true;
    }
}
