package dev.junction.core.store;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static dev.junction.core.fixtures.ObjectFixtures.slice;

import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent.Upserted;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;

/** Events and objects shared by the store tests. */
final class StoreFixtures {

    static final String NODE = "node-a";
    static final Instant START = Instant.parse("2026-11-22T00:00:00Z");

    private StoreFixtures() {
    }

    static Upserted upsert(HasMetadata object) {
        ResourceKind kind = switch (object.getKind()) {
            case "Service" -> ResourceKind.SERVICE;
            case "EndpointSlice" -> ResourceKind.ENDPOINT_SLICE;
            case "Node" -> ResourceKind.NODE;
            case "Namespace" -> ResourceKind.NAMESPACE;
            case "ServiceCIDR" -> ResourceKind.SERVICE_CIDR;
            default -> throw new IllegalArgumentException("no resource kind for " + object.getKind());
        };
        return new Upserted(kind, object);
    }

    /** Service ns1/web at 198.18.0.10 with one port "http". */
    static HasMetadata web(int port) {
        return service("ns1", "web").clusterIp("198.18.0.10").port("http", port).build();
    }

    /** A slice of ns1/web with port "http" 8080 and one endpoint. */
    static HasMetadata webSlice(String name, String address) {
        return slice("ns1", name, "web").port("http", 8080).endpoint(address).build();
    }
}
