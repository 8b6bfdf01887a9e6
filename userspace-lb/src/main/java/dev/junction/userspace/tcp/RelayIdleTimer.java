package dev.junction.userspace.tcp;

import io.netty.channel.Channel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idle timeout of one relayed connection, client and endpoint sockets together: one scheduled check per
 * connection, where an idle handler per channel would cost two timers and a promise per write. Activity is what the
 * relay handlers read on either side ({@link #touch()}, once per read batch). Once there has been none for the
 * timeout, both channels are closed without flushing: an endpoint that takes no more bytes must not keep its
 * connection, or the bytes queued for it, after the client has gone. Event-loop confined: both channels share the
 * loop.
 */
final class RelayIdleTimer {

    private static final Logger LOG = LoggerFactory.getLogger(RelayIdleTimer.class);

    private final Channel client;
    private final Channel backend;
    private final long timeoutNanos;
    private final RelayName logContext;
    private long lastActivityNanos;
    private ScheduledFuture<?> check;

    private RelayIdleTimer(Channel client, Channel backend, long timeoutNanos, RelayName logContext) {
        this.client = client;
        this.backend = backend;
        this.timeoutNanos = timeoutNanos;
        this.logContext = logContext;
    }

    /**
     * Starts timing a relay between two channels of one event loop.
     *
     * @param logContext the Service port and endpoint, for the DEBUG line when it fires
     */
    static RelayIdleTimer start(Channel client, Channel backend, long timeoutNanos, RelayName logContext) {
        RelayIdleTimer timer = new RelayIdleTimer(client, backend, timeoutNanos, logContext);
        timer.touch();
        timer.schedule(timeoutNanos);
        return timer;
    }

    /** Bytes were read from either side. */
    void touch() {
        lastActivityNanos = now();
    }

    /** One of the channels has closed: the timer stops once both have (it must outlive a one-sided close). */
    void channelClosed() {
        if (!client.isActive() && !backend.isActive()) {
            check.cancel(false);
        }
    }

    private void schedule(long delayNanos) {
        check = client.eventLoop().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (!client.isActive() && !backend.isActive()) {
            return;
        }
        long idleNanos = now() - lastActivityNanos;
        if (idleNanos >= timeoutNanos) {
            LOG.debug("{} idle, closing both sides client={}", logContext, client);
            client.close();
            backend.close();
        } else {
            schedule(timeoutNanos - idleNanos);
        }
    }

    private long now() {
        return client.eventLoop().ticker().nanoTime();
    }
}
