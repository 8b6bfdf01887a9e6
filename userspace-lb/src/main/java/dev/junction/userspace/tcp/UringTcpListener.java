package dev.junction.userspace.tcp;

import dev.junction.core.net.IpFamily;
import dev.junction.userspace.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.unix.Socket;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener on io_uring without Netty channels: every event loop of the group keeps a multishot accept armed on
 * the one listening socket (the kernel wakes one of them per connection), and each connection is a {@link UringRelay}
 * on the loop that accepted it. No channel, pipeline or promise per connection: the channel path's cost per new
 * connection was above HAProxy's, this one's is below (see bench/).
 */
final class UringTcpListener implements TcpListener {

    private static final Logger LOG = LoggerFactory.getLogger(UringTcpListener.class);
    private static final short ACCEPT = 1;
    private static final short CANCEL = 2;
    /** How long a loop stops accepting after a failed accept (out of descriptors, most likely), as Netty's does. */
    private static final long ACCEPT_PAUSE_MILLIS = 1_000;

    private final Socket socket;
    private final int port;
    private final List<Acceptor> acceptors = new ArrayList<>();
    private final AtomicInteger accepting = new AtomicInteger();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private UringTcpListener(Socket socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    static UringTcpListener bind(EventLoopGroup group, InetSocketAddress address, IpFamily family,
            ConnectionRouter router) throws IOException {
        Socket socket = StreamSockets.open(family == IpFamily.IPV6);
        try {
            socket.setReuseAddress(true);
            if (family == IpFamily.IPV6) {
                socket.setIntOpt(Transport.IPV6_V6ONLY.level(), Transport.IPV6_V6ONLY.optname(), 1);
            }
            // Accepted sockets inherit it, so the relay sends what it reads at once.
            socket.setTcpNoDelay(true);
            socket.bind(address);
            socket.listen(NetUtil.SOMAXCONN);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        UringTcpListener listener = new UringTcpListener(socket, socket.localAddress().getPort());
        try {
            for (EventExecutor executor : group) {
                listener.acceptOn((IoEventLoop) executor, router);
            }
        } catch (RuntimeException e) {
            listener.close();
            throw new IOException("cannot accept on the event loops, port " + listener.port, e);
        }
        return listener;
    }

    /** Counted before it registers, so that no loop that stops early can close the socket under the others. */
    private void acceptOn(IoEventLoop loop, ConnectionRouter router) {
        Acceptor acceptor = new Acceptor(loop, router);
        accepting.incrementAndGet();
        IoRegistration registration;
        try {
            registration = loop.register(acceptor).syncUninterruptibly().getNow();
        } catch (RuntimeException e) {
            stopped();
            throw e;
        }
        acceptors.add(acceptor);
        loop.execute(() -> acceptor.start(registration));
    }

    @Override
    public int port() {
        return port;
    }

    /** Also returns at once when the event loops have shut down, which stopped the accepts and closed the socket. */
    @Override
    public void close() {
        if (!closed.isDone()) {
            acceptors.forEach(acceptor -> acceptor.loop.execute(acceptor::stop));
        }
        closed.join();
    }

    /** The last loop to stop accepting closes the socket. */
    private void stopped() {
        if (accepting.decrementAndGet() == 0) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.warn("cannot close listening socket port={} cause={}", port, e.toString());
            }
            closed.complete(null);
        }
    }

    @Override
    public String toString() {
        return "io_uring listener port=" + port;
    }

    /** One event loop's multishot accept on the listening socket. Confined to its loop. */
    private final class Acceptor implements IoUringIoHandle {

        private final IoEventLoop loop;
        private final ConnectionRouter router;
        private IoRegistration registration;
        private long acceptId;
        private boolean armed;
        private boolean stopping;
        private boolean stopped;

        Acceptor(IoEventLoop loop, ConnectionRouter router) {
            this.loop = loop;
            this.router = router;
        }

        void start(IoRegistration registration) {
            this.registration = registration;
            arm();
        }

        private void arm() {
            if (!stopping) {
                acceptId = registration.submit(UringOps.multishotAccept(socket.intValue(), ACCEPT));
                armed = true;
            }
        }

        @Override
        public void handle(IoRegistration ignored, IoEvent event) {
            IoUringIoEvent completion = (IoUringIoEvent) event;
            if (completion.data() != ACCEPT) {
                return;
            }
            int res = completion.res();
            if (res >= 0) {
                if (stopping) {
                    closeAccepted(res);
                } else {
                    UringRelay.accepted(loop, res, router);
                }
            }
            if ((completion.flags() & UringOps.CQE_F_MORE) != 0 || stopped) {
                return;
            }
            armed = false;
            if (stopping) {
                unregister();
            } else if (res < 0 && res != UringOps.CANCELED) {
                LOG.warn("accept failed, pausing this event loop's accepts for {} ms port={} errno={}",
                        ACCEPT_PAUSE_MILLIS, port, -res);
                loop.schedule(this::arm, ACCEPT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                arm();
            }
        }

        /** Stops accepting: the accept is cancelled and its last completion ends the registration. */
        void stop() {
            if (stopping) {
                return;
            }
            stopping = true;
            if (armed) {
                registration.submit(UringOps.cancel(acceptId, CANCEL));
            } else {
                unregister();
            }
        }

        private void unregister() {
            if (!stopped) {
                stopped = true;
                registration.cancel();
                stopped();
            }
        }

        /**
         * The event loop is shutting down, and its ring may not run the cancelled accept's completion: this loop stops
         * at once (the accept keeps the socket until the ring is gone).
         */
        @Override
        public void close() {
            stop();
            unregister();
        }

        private void closeAccepted(int fd) {
            try {
                new Socket(fd).close();
            } catch (IOException e) {
                LOG.debug("cannot close a connection accepted while stopping port={} cause={}", port, e.toString());
            }
        }
    }
}
