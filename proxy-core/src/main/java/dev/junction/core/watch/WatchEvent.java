package dev.junction.core.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * What a source reports. Objects are Fabric8 model objects exactly as received; the store validates them. Sources
 * never mutate an object after handing it over.
 */
public sealed interface WatchEvent {

    ResourceKind kind();

    /** An object was added or changed. */
    record Upserted(ResourceKind kind, HasMetadata object) implements WatchEvent {
    }

    /** An object was deleted; {@code lastKnown} carries at least its namespace and name. */
    record Deleted(ResourceKind kind, HasMetadata lastKnown) implements WatchEvent {
    }

    /**
     * The complete current set of objects of a kind, replacing whatever the store held (a file re-read, or a relist).
     * Also marks the kind as synced.
     */
    record Replaced(ResourceKind kind, List<HasMetadata> objects) implements WatchEvent {
        public Replaced {
            objects = List.copyOf(objects);
        }
    }

    /** The initial list of a kind is complete: the store may now be trusted for that kind. */
    record Synced(ResourceKind kind) implements WatchEvent {
    }
}
