package dev.junction.dns.records;

import dev.junction.core.store.ObjectStore;
import dev.junction.core.store.StoreState;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Store states built the real way: fixture objects fed to an {@link ObjectStore} as Upserted, then Synced. */
public final class StoreStates {

    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    private StoreStates() {
    }

    /** A Namespace with nothing but its name. */
    public static Namespace namespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    /** A synced store holding {@code objects} (Services, EndpointSlices and Namespaces). */
    public static ObjectStore syncedStore(List<HasMetadata> objects) {
        ObjectStore store = new ObjectStore("node-a", new SimpleMeterRegistry(), CLOCK);
        for (HasMetadata object : objects) {
            ResourceKind kind = switch (object) {
                case Service service -> ResourceKind.SERVICE;
                case Namespace namespace -> ResourceKind.NAMESPACE;
                default -> ResourceKind.ENDPOINT_SLICE;
            };
            store.accept(new WatchEvent.Upserted(kind, object));
        }
        store.accept(new WatchEvent.Synced(ResourceKind.SERVICE));
        store.accept(new WatchEvent.Synced(ResourceKind.ENDPOINT_SLICE));
        return store;
    }

    public static StoreState state(List<HasMetadata> objects) {
        return syncedStore(objects).state();
    }
}
