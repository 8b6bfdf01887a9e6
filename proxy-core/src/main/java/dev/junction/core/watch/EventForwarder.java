package dev.junction.core.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates one informer's callbacks into {@link WatchEvent}s and hands them to a non-blocking hand-off.
 *
 * <p>Fabric8 calls a handler from the informer's serial executor, in order: the initial list's adds, then
 * {@code onList}, then watch events. A relist (after 410 Gone or a watch error) is diffed against the informer's cache
 * by Fabric8 itself: unchanged objects produce nothing, changed ones an update, and objects missing from the new list a
 * delete flagged {@code deletedFinalStateUnknown}. So a relist needs no special handling here and never produces a
 * delete for an object that still exists. A resync delivers {@code onUpdate(o, o)}; it is forwarded as an upsert, which
 * the store drops as a no-op, as kube-proxy's change trackers do.
 *
 * <p>{@link WatchEvent.Synced} comes from the first {@code onList}, which Fabric8 queues behind the initial list's
 * adds, rather than from the future {@code start()} returns: that future can complete while the adds are still queued
 * for the handler, and a consumer would then see a kind synced before its objects.
 */
final class EventForwarder<T extends HasMetadata> implements ResourceEventHandler<T> {

    private static final Logger log = LoggerFactory.getLogger(EventForwarder.class);

    private final ResourceKind kind;
    private final Consumer<WatchEvent> handOff;
    private final AtomicBoolean synced = new AtomicBoolean();

    /** {@code handOff} must not block: it runs on Fabric8's event thread. */
    EventForwarder(ResourceKind kind, Consumer<WatchEvent> handOff) {
        this.kind = kind;
        this.handOff = handOff;
    }

    @Override
    public void onAdd(T object) {
        handOff.accept(new WatchEvent.Upserted(kind, object));
    }

    @Override
    public void onUpdate(T oldObject, T newObject) {
        handOff.accept(new WatchEvent.Upserted(kind, newObject));
    }

    @Override
    public void onDelete(T lastKnown, boolean deletedFinalStateUnknown) {
        if (deletedFinalStateUnknown) {
            log.debug("{} missing from a relist, deleting kind={}", describe(lastKnown), kind.kind());
        }
        handOff.accept(new WatchEvent.Deleted(kind, lastKnown));
    }

    @Override
    public void onBeforeList(String lastSyncResourceVersion) {
        if (lastSyncResourceVersion != null) {
            log.debug("relisting kind={} lastResourceVersion={}", kind.kind(), lastSyncResourceVersion);
        }
    }

    @Override
    public void onList(String resourceVersion, boolean remainedEmpty) {
        if (synced.compareAndSet(false, true)) {
            log.info("initial list complete kind={} resourceVersion={} empty={}", kind.kind(), resourceVersion,
                    remainedEmpty);
            handOff.accept(new WatchEvent.Synced(kind));
        }
    }

    private static String describe(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        return meta.getNamespace() == null ? meta.getName() : meta.getNamespace() + "/" + meta.getName();
    }
}
