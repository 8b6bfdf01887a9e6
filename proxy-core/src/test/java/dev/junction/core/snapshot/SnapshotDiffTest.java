package dev.junction.core.snapshot;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static dev.junction.core.fixtures.ObjectFixtures.slice;
import static dev.junction.core.snapshot.SnapshotFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnapshotDiffTest {

    record Case(String name, List<HasMetadata> before, List<HasMetadata> after, Set<String> changed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        HasMetadata web = service("ns1", "web").clusterIp("198.18.0.10").port("http", 80).build();
        HasMetadata api = service("ns1", "api").clusterIp("198.18.0.11").port("http", 80).build();
        HasMetadata webSlice = slice("ns1", "web-1", "web").port("http", 8080).endpoint("198.18.1.1").build();
        return Stream.of(
                new Case("identical snapshots differ in nothing", List.of(web, api), List.of(web, api), Set.of()),
                new Case("a Service that appeared has changed", List.of(web), List.of(web, api), Set.of("ns1/api")),
                new Case("a Service that vanished has changed", List.of(web, api), List.of(web), Set.of("ns1/api")),
                new Case("a Service whose endpoints changed has changed, the others not",
                        List.of(web, api), List.of(web, api, webSlice), Set.of("ns1/web")),
                new Case("a Service whose port changed has changed",
                        List.of(web), List.of(service("ns1", "web").clusterIp("198.18.0.10").port("http", 81).build()),
                        Set.of("ns1/web")),
                new Case("a Service becoming headless has changed (it vanishes from the snapshot)",
                        List.of(web), List.of(service("ns1", "web").headless().port("http", 80).build()),
                        Set.of("ns1/web")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsChangedServices(Case c) {
        Set<ObjectRef> changed = SnapshotDiff.changedServices(snapshot("node-a", c.before()),
                snapshot("node-a", c.after()));

        assertThat(changed).map(ObjectRef::toString).containsExactlyInAnyOrderElementsOf(c.changed());
    }
}
