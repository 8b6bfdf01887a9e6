package dev.junction.userspace.tcp;

import dev.junction.core.net.IpAddress;
import dev.junction.userspace.balance.EndpointState;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.Socket;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoOps;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.NotYetConnectedException;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied connection on io_uring, both sockets owned and driven through the ring without Netty channels: the
 * client's request is read while the connects to its {@link ConnectAttempts} go in turn (each cancelled at the connect
 * timeout), then each direction copies through one buffer, so it holds at most one read however slow the other end is
 * (backpressure), and a read waits for the previous send to complete.
 *
 * <p>Half-close: the end of one side's input, once every byte before it is sent, shuts the other side's output down;
 * once both inputs have ended, both sockets close. An error on either side, the idle timeout or a drain abort the
 * connection: both sockets are shut down, which completes their pending operations, and closed once nothing is in
 * flight. The event loop's shutdown closes them at once ({@link #close()}).
 *
 * <p>Two rules keep the descriptors safe. A socket is closed only when none of this connection's operations is in
 * flight, since the kernel resolves some operations' descriptor late, and a number closed and reused by the next
 * connection would take them. And shutdowns are made at once with {@code shutdown(2)}: {@code IORING_OP_SHUTDOWN} runs
 * on a kernel worker that resolves the descriptor when it runs, which can be after the close; that cost a later
 * connection its data in an early version. Confined to the event loop that accepted the client.
 */
final class UringRelay implements IoUringIoHandle, RelayedConnection, RelayIdleTimer.IdleRelay {

    private static final Logger LOG = LoggerFactory.getLogger(UringRelay.class);
    private static final short CONNECT = 1;
    private static final short RECV_UP = 2;
    private static final short SEND_UP = 3;
    private static final short RECV_DOWN = 4;
    private static final short SEND_DOWN = 5;
    private static final short CANCEL = 6;
    private static final short CLOSE = 7;
    private static final short POLL_UP = 8;
    private static final short POLL_DOWN = 9;

    private final IoEventLoop loop;
    private final TcpProxy proxy;
    private final ConnectAttempts attempts;
    private final Socket client;
    private final Direction up;
    private final Direction down;
    private IoRegistration registration;
    private Socket endpoint;
    private ByteBuf sockaddr;
    private long connectId;
    private ScheduledFuture<?> connectTimeout;
    private boolean timedOut;
    /** Set once an endpoint answered. */
    private EndpointState connectedTo;
    private RelayName name;
    private RelayIdleTimer idle;
    private int inFlight;
    private boolean aborted;
    private boolean closing;
    private int closesInFlight;
    private boolean released;

    private UringRelay(IoEventLoop loop, TcpProxy proxy, ConnectAttempts attempts, Socket client) {
        this.loop = loop;
        this.proxy = proxy;
        this.attempts = attempts;
        this.client = client;
        this.up = new Direction(POLL_UP, RECV_UP, SEND_UP, proxy.meters().bytesUpstream());
        this.down = new Direction(POLL_DOWN, RECV_DOWN, SEND_DOWN, proxy.meters().bytesDownstream());
        up.from = client;
        down.to = client;
    }

    /** Takes over a socket the listener on {@code loop} accepted: routes, admits and starts relaying it. */
    static void accepted(IoEventLoop loop, int fd, ConnectionRouter router) {
        Socket client = new Socket(fd);
        InetSocketAddress remote = client.remoteAddress();
        if (remote == null) {
            // Reset before it was taken over.
            closeNow(client);
            return;
        }
        IpAddress clientIp = new IpAddress(remote.getAddress());
        TcpProxy proxy;
        try {
            proxy = router.route(clientIp, client::localAddress, fd);
        } catch (RuntimeException e) {
            // One connection the router cannot place must not stop the listener's accepts.
            LOG.warn("cannot route a connection, closing it client={}", remote, e);
            closeNow(client);
            return;
        }
        if (!proxy.admit()) {
            closeNow(client);
            return;
        }
        Optional<ConnectAttempts> attempts = proxy.attempts(clientIp);
        if (attempts.isEmpty()) {
            proxy.release();
            closeNow(client);
            return;
        }
        UringRelay relay = new UringRelay(loop, proxy, attempts.get(), client);
        Future<IoRegistration> registered = loop.register(relay);
        if (!registered.isSuccess()) {
            LOG.debug("cannot register a connection with the ring, closing client={} cause={}", remote,
                    registered.cause() == null ? "pending" : registered.cause().toString());
            proxy.release();
            closeNow(client);
            return;
        }
        relay.registration = registered.getNow();
        // The request is read while the endpoint connects, and a client that leaves meanwhile is noticed.
        relay.up.awaitInput();
        relay.connect();
    }

    private void connect() {
        InetSocketAddress address = attempts.address();
        try {
            endpoint = StreamSockets.open(address.getAddress() instanceof Inet6Address);
        } catch (ChannelException e) {
            attempts.noSocket(e);
            abort();
            return;
        }
        try {
            // Bytes are sent as they are read, as the client's socket does (it inherits the listener's option).
            endpoint.setTcpNoDelay(true);
        } catch (IOException e) {
            LOG.debug("{} cannot set TCP_NODELAY on an endpoint socket cause={}", this, e.toString());
        }
        timedOut = false;
        sockaddr = Sockaddr.encode(address, ByteBufAllocator.DEFAULT);
        connectId = submit(UringOps.connect(endpoint.intValue(), sockaddr, CONNECT));
        connectTimeout = loop.schedule(this::connectTimedOut, proxy.settings().connectTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void connectTimedOut() {
        if (released) {
            return;
        }
        timedOut = true;
        submit(UringOps.cancel(connectId, CANCEL));
    }

    private void connected(int res) {
        connectTimeout.cancel(false);
        sockaddr.release();
        sockaddr = null;
        if (res < 0) {
            connectFailed(res);
        } else if (!aborted) {
            startRelay();
        }
        // Connected as the client went: the endpoint socket is closed with the client's.
    }

    private void connectFailed(int res) {
        closeNow(endpoint);
        endpoint = null;
        if (aborted && res == UringOps.CANCELED && !timedOut) {
            return; // cancelled because the client went: no endpoint to blame
        }
        IOException cause = timedOut && res == UringOps.CANCELED
                ? new ConnectTimeoutException("connect timed out after " + proxy.settings().connectTimeout())
                : Errors.newIOException("connect", res);
        if (attempts.failed(cause, aborted)) {
            connect();
        } else {
            abort();
        }
    }

    private void startRelay() {
        connectedTo = attempts.endpoint();
        name = attempts.connected();
        proxy.relayStarted(connectedTo.endpoint(), this);
        idle = RelayIdleTimer.start(loop, this, proxy.settings().idleTimeout().toNanos(), name);
        up.to = endpoint;
        down.from = endpoint;
        down.awaitInput();
        up.peerReady();
    }

    @Override
    public void handle(IoRegistration ignored, IoEvent event) {
        if (released) {
            return; // torn down with its event loop
        }
        IoUringIoEvent completion = (IoUringIoEvent) event;
        inFlight--;
        int res = completion.res();
        switch (completion.data()) {
            case CONNECT -> connected(res);
            case POLL_UP -> up.readable(res);
            case POLL_DOWN -> down.readable(res);
            case RECV_UP -> up.received(res);
            case SEND_UP -> up.sent(res);
            case RECV_DOWN -> down.received(res);
            case SEND_DOWN -> down.sent(res);
            case CLOSE -> {
                if (--closesInFlight == 0) {
                    closed();
                }
                return;
            }
            default -> {
                // A cancel's own completion: the cancelled operation completes by itself.
            }
        }
        finishIfIdle();
    }

    /** Closes both sides without flushing: on an error, the idle timeout or a drain. */
    private void abort() {
        if (aborted || closing || released) {
            return;
        }
        aborted = true;
        if (endpoint != null && connectedTo == null) {
            submit(UringOps.cancel(connectId, CANCEL));
        }
        shutdownNow(client);
        if (connectedTo != null) {
            shutdownNow(endpoint);
        }
        finishIfIdle();
    }

    /** Closes both sockets once nothing is in flight and the connection is over. */
    private void finishIfIdle() {
        if (closing || inFlight > 0 || !(aborted || (up.ended && down.ended))) {
            return;
        }
        closing = true;
        if (idle != null) {
            idle.sideClosed();
        }
        closesInFlight = 1;
        submit(UringOps.close(client.intValue(), CLOSE));
        if (endpoint != null) {
            closesInFlight++;
            submit(UringOps.close(endpoint.intValue(), CLOSE));
        }
    }

    private void closed() {
        released = true;
        up.release();
        down.release();
        if (sockaddr != null) {
            sockaddr.release();
        }
        proxy.release();
        if (connectedTo != null) {
            connectedTo.connectionClosed();
            proxy.relayEnded(connectedTo.endpoint(), this);
        }
        registration.cancel();
    }

    private long submit(IoUringIoOps op) {
        inFlight++;
        return registration.submit(op);
    }

    /** A drain: any thread. */
    @Override
    public void terminate() {
        if (loop.inEventLoop()) {
            abort();
        } else {
            loop.execute(this::abort);
        }
    }

    /**
     * The event loop is shutting down, and its ring may not run the completions a close otherwise waits for: both
     * sockets are shut down and closed at once. Once shut down, a socket's pending receives end without writing to
     * their buffers and its sends fail without reading theirs, so the buffers go back too; the operations still in
     * flight keep the sockets themselves until the ring is gone, and their completions are ignored.
     */
    @Override
    public void close() {
        if (released) {
            return;
        }
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        shutdownNow(client);
        if (endpoint != null) {
            shutdownNow(endpoint);
        }
        if (!closing) {
            closeNow(client);
            if (endpoint != null) {
                closeNow(endpoint);
            }
        }
        closed();
    }

    @Override
    public boolean isOpen() {
        return !closing && !released;
    }

    @Override
    public void closeIdle() {
        abort();
    }

    /** The Service port and endpoint, for log lines. */
    @Override
    public String toString() {
        return name == null ? "connecting relay" : name.toString();
    }

    private static void shutdownNow(Socket socket) {
        try {
            socket.shutdown(true, true);
        } catch (IOException | NotYetConnectedException gone) {
            // Already reset (ENOTCONN): its operations have completed or will.
        }
    }

    /** Closes a socket at once: one no operation refers to, or one the ring is going away with. */
    private static void closeNow(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("cannot close socket={} cause={}", socket, e.toString());
        }
    }

    /**
     * The bytes from one socket to the other. A buffer is held only while bytes flow: the socket is polled until it is
     * readable, a read that filled the buffer is followed by another once its bytes are sent, and a read that did not
     * gives the buffer back and polls again. So an idle connection holds no buffer, however large its last transfer.
     *
     * <p>A direction that has filled the largest buffer moves a bulk transfer: from then on it splices, socket to pipe
     * to socket, never copying through the JVM ({@link SpliceDirection}, with the synchronous calls the epoll relay
     * makes), and waits on the ring for whichever side it needs. Short exchanges stay on the ring's receives and sends,
     * which cost no system call of their own; spliced, a bulk transfer costs about a third of the CPU (bench/README.md).
     */
    private final class Direction {

        private static final int MIN_BUFFER = 2048;
        private static final int MAX_BUFFER = 64 * 1024;
        /** Pipefuls one readiness event may move, as on epoll: one busy connection must not hold the loop. */
        private static final int SPLICE_BUDGET = 16;

        private final short pollTag;
        private final short recvTag;
        private final short sendTag;
        private final Counter bytes;
        private Socket from;
        private Socket to;
        private ByteBuf buffer;
        private int size = MIN_BUFFER;
        private int length;
        private int sent;
        private boolean filled;
        private SpliceDirection spliced;
        /** This side's input has ended, and the other side's output is shut down once the bytes before it are sent. */
        private boolean ended;

        Direction(short pollTag, short recvTag, short sendTag, Counter bytes) {
            this.pollTag = pollTag;
            this.recvTag = recvTag;
            this.sendTag = sendTag;
            this.bytes = bytes;
        }

        void awaitInput() {
            submit(UringOps.pollIn(from.intValue(), pollTag));
        }

        void readable(int res) {
            if (isOver("poll", res)) {
                return;
            }
            if (spliced != null) {
                pump();
            } else {
                read();
            }
        }

        private void read() {
            if (buffer == null) {
                buffer = ByteBufAllocator.DEFAULT.directBuffer(size, size);
            }
            submit(UringOps.recv(from.intValue(), buffer, recvTag));
        }

        void received(int res) {
            if (isOver("recv", res)) {
                return;
            }
            if (res == 0) {
                ended = true;
                release();
                if (to != null) {
                    endOutput();
                }
                return;
            }
            bytes.increment(res);
            if (idle != null) {
                idle.touch();
            }
            length = res;
            sent = 0;
            filled = res == buffer.capacity();
            resize(res);
            if (to != null) {
                send();
            }
        }

        /** The endpoint answered: what the client sent meanwhile goes out. */
        void peerReady() {
            if (length > 0) {
                send();
            } else if (ended) {
                endOutput();
            }
        }

        private void send() {
            submit(UringOps.send(to.intValue(), buffer, sent, length, sendTag));
        }

        void sent(int res) {
            if (isOver("send", res)) {
                return;
            }
            sent += res;
            if (sent < length) {
                send();
                return;
            }
            length = 0;
            if (filled && buffer.capacity() == MAX_BUFFER) {
                release();
                spliced = new SpliceDirection(SpliceCalls.get(), PipePool.current(), from.intValue(), to.intValue(),
                        new byte[0], false, bytes);
                pump();
                return;
            }
            if (!filled || buffer.capacity() != size) {
                release();
            }
            if (filled) {
                read();
            } else {
                awaitInput();
            }
        }

        /** Splices what can move now, then polls the side it waits for (at once ready when the budget ran out). */
        private void pump() {
            if (idle != null) {
                idle.touch();
            }
            SpliceDirection.Progress progress;
            try {
                progress = spliced.pump(SPLICE_BUDGET);
            } catch (IOException e) {
                LOG.debug("{} relay failed, closing both sides cause={}", UringRelay.this, e.toString());
                abort();
                return;
            }
            if (progress == SpliceDirection.Progress.FINISHED) {
                ended = true;
            } else if (spliced.waitsForDestination()) {
                submit(UringOps.pollOut(to.intValue(), pollTag));
            } else {
                awaitInput();
            }
        }

        private void endOutput() {
            try {
                to.shutdown(false, true);
            } catch (IOException | NotYetConnectedException e) {
                LOG.debug("{} relay failed, closing both sides cause={}", UringRelay.this, e.toString());
                abort();
            }
        }

        /**
         * Whether a completion ends this direction's work: the connection was aborted, or the operation failed, which
         * aborts it (resets are routine for a proxy: DEBUG, once, and both sides go).
         */
        private boolean isOver(String operation, int res) {
            if (aborted) {
                return true;
            }
            if (res >= 0) {
                return false;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} relay failed, closing both sides cause={}", UringRelay.this,
                        Errors.newIOException(operation, res).toString());
            }
            abort();
            return true;
        }

        /** Doubles the next buffer after a read that filled this one, halves it after one that used under a quarter. */
        private void resize(int read) {
            if (read == buffer.capacity()) {
                size = Math.min(MAX_BUFFER, size * 2);
            } else if (read < size / 4) {
                size = Math.max(MIN_BUFFER, size / 2);
            }
        }

        void release() {
            if (buffer != null) {
                buffer.release();
                buffer = null;
            }
            if (spliced != null) {
                spliced.release();
            }
        }
    }
}
