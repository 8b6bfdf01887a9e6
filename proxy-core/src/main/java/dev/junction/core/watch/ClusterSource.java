package dev.junction.core.watch;

import java.util.function.Consumer;

/**
 * Where cluster objects come from: the Kubernetes API through informers, or a file or directory of manifests.
 *
 * <p>A source delivers events to one consumer, in order, never concurrently, from its own threads. The consumer must
 * not block. Every kind that the source serves is reported {@link WatchEvent.Synced} (or {@link WatchEvent.Replaced})
 * once its initial list is complete.
 */
public interface ClusterSource extends AutoCloseable {

    /** Starts delivering events; returns at once. */
    void start(Consumer<WatchEvent> consumer);

    /** A short description for logs, such as {@code file /etc/junction/services.yaml}. */
    String describe();

    @Override
    void close();
}
