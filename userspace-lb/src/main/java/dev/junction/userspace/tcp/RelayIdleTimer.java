package dev.junction.userspace.tcp;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idle timeout of one relayed connection, client and endpoint sockets together: one scheduled check per
 * connection, where an idle handler per channel would cost two timers and a promise per write. Activity is what the
 * relay reads on either side ({@link #touch()}, once per read batch). Once there has been none for the timeout, the
 * relay is closed without flushing: an endpoint that takes no more bytes must not keep its connection, or the bytes
 * queued for it, after the client has gone. Confined to the relay's event loop.
 */
final class RelayIdleTimer {

    private static final Logger LOG = LoggerFactory.getLogger(RelayIdleTimer.class);

    /** What the timer closes. */
    interface IdleRelay {

        /** Whether either side is still open. */
        boolean isOpen();

        /** Closes both sides without flushing. */
        void closeIdle();
    }

    private final EventLoop loop;
    private final IdleRelay relay;
    private final long timeoutNanos;
    private final RelayName logContext;
    private long lastActivityNanos;
    private ScheduledFuture<?> check;

    private RelayIdleTimer(EventLoop loop, IdleRelay relay, long timeoutNanos, RelayName logContext) {
        this.loop = loop;
        this.relay = relay;
        this.timeoutNanos = timeoutNanos;
        this.logContext = logContext;
    }

    /**
     * Starts timing a relay on {@code loop}.
     *
     * @param logContext the Service port and endpoint, for the DEBUG line when it fires
     */
    static RelayIdleTimer start(EventLoop loop, IdleRelay relay, long timeoutNanos, RelayName logContext) {
        RelayIdleTimer timer = new RelayIdleTimer(loop, relay, timeoutNanos, logContext);
        timer.touch();
        timer.schedule(timeoutNanos);
        return timer;
    }

    /** Starts timing a relay between two channels of one event loop. */
    static RelayIdleTimer start(Channel client, Channel backend, long timeoutNanos, RelayName logContext) {
        return start(client.eventLoop(), new ChannelPair(client, backend), timeoutNanos, logContext);
    }

    /** Bytes were read from either side. */
    void touch() {
        lastActivityNanos = now();
    }

    /** One side has closed: the timer stops once both have (it must outlive a one-sided close). */
    void sideClosed() {
        if (!relay.isOpen()) {
            check.cancel(false);
        }
    }

    private void schedule(long delayNanos) {
        check = loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (!relay.isOpen()) {
            return;
        }
        long idleNanos = now() - lastActivityNanos;
        if (idleNanos >= timeoutNanos) {
            LOG.debug("{} idle, closing both sides relay={}", logContext, relay);
            relay.closeIdle();
        } else {
            schedule(timeoutNanos - idleNanos);
        }
    }

    private long now() {
        return loop.ticker().nanoTime();
    }

    private record ChannelPair(Channel client, Channel backend) implements IdleRelay {

        @Override
        public boolean isOpen() {
            return client.isActive() || backend.isActive();
        }

        @Override
        public void closeIdle() {
            client.close();
            backend.close();
        }
    }
}
