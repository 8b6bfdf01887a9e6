package dev.junction.dns.records;

import dev.junction.core.net.IpAddress;
import dev.junction.core.store.ObjectStore;
import dev.junction.core.store.StoreState;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link ZoneIndex} of a store: rebuilt wholesale after every change on its own thread,
 * {@code junction-dns-zone} (never on the store's writer or a Netty event loop), and swapped in atomically. Changes
 * that arrive during a build are coalesced into one more build. Readers call {@link #current()} from any thread.
 */
public final class LiveZone implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveZone.class);

    private final ObjectStore store;
    private final ZoneIndexBuilder builder;
    private final Clock clock;
    private final AtomicReference<ZoneIndex> current;
    private final AtomicBoolean rebuildQueued = new AtomicBoolean();
    private final ExecutorService rebuilder =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("junction-dns-zone").daemon().factory());
    private long builtVersion = -1;
    private long serial;

    /**
     * @param serverAddresses where the server answers, for the nameserver's address ({@link ZoneIndexBuilder})
     * @param clock           gives the SOA serial: the time a change was first seen
     */
    public LiveZone(ObjectStore store, ZoneSettings settings, List<IpAddress> serverAddresses, Clock clock) {
        this.store = store;
        this.builder = new ZoneIndexBuilder(settings, serverAddresses);
        this.clock = clock;
        this.current = new AtomicReference<>(ZoneIndex.unsynced(settings));
    }

    /** Listens to the store and builds the first index; returns at once. */
    public void start() {
        store.onChange(this::requestRebuild);
        requestRebuild();
    }

    public ZoneIndex current() {
        return current.get();
    }

    private void requestRebuild() {
        if (rebuildQueued.compareAndSet(false, true)) {
            try {
                rebuilder.execute(this::rebuild);
            } catch (RejectedExecutionException e) {
                log.debug("zone rebuild skipped after close");
            }
        }
    }

    private void rebuild() {
        rebuildQueued.set(false);
        StoreState state = store.state();
        boolean synced = store.isSynced();
        ZoneIndex previous = current.get();
        if (state.version() == builtVersion && synced == previous.isSynced()) {
            return;
        }
        if (state.version() != builtVersion) {
            serial = clock.instant().getEpochSecond();
        }
        long started = System.nanoTime();
        ZoneIndex index = builder.build(state, synced, serial);
        current.set(index);
        builtVersion = state.version();
        log.debug("zone rebuilt version={} names={} synced={} took={}us", state.version(), index.size(), synced,
                (System.nanoTime() - started) / 1000);
    }

    @Override
    public void close() {
        rebuilder.shutdownNow();
    }
}
