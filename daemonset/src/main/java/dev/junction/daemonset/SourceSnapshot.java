package dev.junction.daemonset;

import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.store.ObjectStore;
import dev.junction.core.watch.FileSource;
import dev.junction.core.watch.ManifestException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** One snapshot of a {@code --source}: the manifests read once into a store, as the agent's first sync would see. */
final class SourceSnapshot {

    private SourceSnapshot() {
    }

    static ClusterSnapshot read(Path source, String nodeName) throws IOException, ManifestException {
        ObjectStore store = new ObjectStore(nodeName, new SimpleMeterRegistry(), Clock.systemUTC());
        FileSource.readOnce(source, nodeName).forEach(store);
        return store.takeSnapshot().snapshot();
    }
}
