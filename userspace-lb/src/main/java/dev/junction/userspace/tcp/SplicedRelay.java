package dev.junction.userspace.tcp;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relayed connection whose bytes never enter the JVM, on native epoll: {@code splice(2)} moves them from one socket
 * into a pipe and from the pipe into the other socket ({@link SpliceDirection}, one per direction).
 *
 * <p>Both sockets leave their Netty channel's epoll registration and are registered again on the same event loop as
 * this relay's own edge-triggered handles (Netty's {@code spliceTo} shuts a socket's input on EPOLLRDHUP with bytes
 * still unread, and cannot tell end of stream from "try again"). Every readiness event on either socket pumps both
 * directions until they would block. The Netty channels still own the sockets: closing either (the idle timer, a
 * drain, the event loop's shutdown) ends the relay, and the relay ends by closing both, once both directions have
 * relayed their end of stream or at the first error. Event-loop confined.
 *
 * <p>Pipes come from the event loop's {@link PipePool} and are held only while bytes are in them. Costs a few
 * system calls per connection beyond the copying relay (leaving and rejoining epoll, and one splice per direction that
 * finds nothing), and saves copying every byte into and out of the JVM: worth it for bulk transfers, not for short
 * exchanges.
 */
final class SplicedRelay {

    private static final Logger LOG = LoggerFactory.getLogger(SplicedRelay.class);
    /** Pipefuls (64 KiB each) one direction may move per turn before other connections get the loop. */
    private static final int BUDGET = 16;
    private static final EpollIoOps INTEREST = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT)
            .with(EpollIoOps.EPOLLRDHUP).with(EpollIoOps.EPOLLET);

    private final SpliceCalls calls = SpliceCalls.get();
    private final Channel client;
    private final Channel backend;
    private final Counter upstreamBytes;
    private final Counter downstreamBytes;
    private final RelayIdleTimer idle;
    private final RelayName logContext;
    private final List<IoRegistration> registrations = new ArrayList<>(2);
    private SpliceDirection upstream;
    private SpliceDirection downstream;
    private int deregistered;
    private boolean pumpScheduled;
    private boolean closed;

    private SplicedRelay(Channel client, Channel backend, Counter upstreamBytes, Counter downstreamBytes,
            RelayIdleTimer idle, RelayName logContext) {
        this.client = client;
        this.backend = backend;
        this.upstreamBytes = upstreamBytes;
        this.downstreamBytes = downstreamBytes;
        this.idle = idle;
        this.logContext = logContext;
    }

    /**
     * Takes over two connected native epoll channels of one event loop that do not read (auto-read off), each with an
     * {@link EarlyInput} first in its pipeline. A connection for which no pipe can be made (out of descriptors) is
     * closed.
     */
    static void start(Channel client, Channel backend, Counter upstreamBytes, Counter downstreamBytes,
            RelayIdleTimer idle, RelayName logContext) {
        SplicedRelay relay = new SplicedRelay(client, backend, upstreamBytes, downstreamBytes, idle, logContext);
        client.closeFuture().addListener(closed -> relay.close());
        backend.closeFuture().addListener(closed -> relay.close());
        client.deregister().addListener(done -> relay.deregistered());
        backend.deregister().addListener(done -> relay.deregistered());
    }

    private void deregistered() {
        if (++deregistered < 2 || closed) {
            return;
        }
        int clientFd = fd(client).intValue();
        int backendFd = fd(backend).intValue();
        EarlyInput.Kept fromClient = EarlyInput.remove(client);
        EarlyInput.Kept fromBackend = EarlyInput.remove(backend);
        PipePool pipes = PipePool.current();
        upstream = new SpliceDirection(calls, pipes, clientFd, backendFd, fromClient.bytes(), fromClient.ended(),
                upstreamBytes);
        downstream = new SpliceDirection(calls, pipes, backendFd, clientFd, fromBackend.bytes(), fromBackend.ended(),
                downstreamBytes);
        IoEventLoop loop = (IoEventLoop) client.eventLoop();
        for (Channel channel : List.of(client, backend)) {
            loop.register(new Socket(fd(channel))).addListener(registered -> {
                if (!registered.isSuccess()) {
                    fail(registered.cause());
                } else if (closed) {
                    ((IoRegistration) registered.getNow()).cancel();
                } else {
                    IoRegistration registration = (IoRegistration) registered.getNow();
                    registrations.add(registration);
                    registration.submit(INTEREST);
                    pump();
                }
            });
        }
    }

    private void pump() {
        if (closed || registrations.size() < 2) {
            return;
        }
        idle.touch();
        try {
            SpliceDirection.Progress up = upstream.pump(BUDGET);
            SpliceDirection.Progress down = downstream.pump(BUDGET);
            if (up == SpliceDirection.Progress.FINISHED && down == SpliceDirection.Progress.FINISHED) {
                close();
            } else if ((up == SpliceDirection.Progress.MORE || down == SpliceDirection.Progress.MORE)
                    && !pumpScheduled) {
                // Edge-triggered: no new event comes for bytes already waiting, so the relay calls itself back.
                pumpScheduled = true;
                client.eventLoop().execute(() -> {
                    pumpScheduled = false;
                    pump();
                });
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(Throwable cause) {
        // Resets are routine for a proxy: DEBUG, once, and both sides go.
        LOG.debug("{} spliced relay failed, closing both sides client={} cause={}", logContext, client,
                cause.toString());
        close();
    }

    /** Ends the relay: the handles leave epoll before the sockets close, so no other socket can inherit them. */
    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        registrations.forEach(IoRegistration::cancel);
        if (upstream != null) {
            upstream.release();
            downstream.release();
        }
        for (Channel channel : List.of(client, backend)) {
            if (channel.pipeline().get(EarlyInput.class) != null) {
                channel.pipeline().remove(EarlyInput.class);
            }
            channel.close();
        }
        idle.sideClosed();
    }

    private static FileDescriptor fd(Channel channel) {
        return ((UnixChannel) channel).fd();
    }

    /** One of the two sockets, as the event loop sees it once the relay has it. */
    private final class Socket implements EpollIoHandle {
        private final FileDescriptor fd;

        Socket(FileDescriptor fd) {
            this.fd = fd;
        }

        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            pump();
        }

        @Override
        public void close() {
            SplicedRelay.this.close();
        }
    }
}
