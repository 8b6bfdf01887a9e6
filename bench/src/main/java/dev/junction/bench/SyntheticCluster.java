package dev.junction.bench;

import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.store.ObjectStore;
import dev.junction.core.watch.ResourceKind;
import dev.junction.core.watch.WatchEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of {@code services} ClusterIP Services ({@code ns<i>/svc<i>}, one TCP port 80) with one EndpointSlice
 * of {@code endpointsPerService} ready endpoints each (port 8080), as the Kubernetes objects a watch would deliver.
 * Every address comes from 198.18.0.0/15: ClusterIPs from the first 16,384, endpoints after them, and spare addresses
 * for moved endpoints at the end, so up to 10,000 Services x 10 endpoints fit.
 */
record SyntheticCluster(int services, int endpointsPerService) {

    static final String NODE = "bench-node";
    private static final int CLUSTER_IPS = 16_384;
    private static final int SPARE_START = 120_000;
    private static final int ADDRESSES = 131_072;

    SyntheticCluster {
        if (services < 1 || services > CLUSTER_IPS
                || CLUSTER_IPS + services * endpointsPerService > SPARE_START || endpointsPerService < 1) {
            throw new IllegalArgumentException("cluster of " + services + " Services x " + endpointsPerService
                    + " endpoints (expected: at most " + CLUSTER_IPS + " Services and "
                    + (SPARE_START - CLUSTER_IPS) + " endpoints in all)");
        }
    }

    List<HasMetadata> serviceObjects() {
        List<HasMetadata> objects = new ArrayList<>(services);
        for (int s = 0; s < services; s++) {
            objects.add(service(s));
        }
        return objects;
    }

    List<HasMetadata> sliceObjects() {
        List<HasMetadata> objects = new ArrayList<>(services);
        for (int s = 0; s < services; s++) {
            objects.add(slice(s, 0));
        }
        return objects;
    }

    /**
     * Service {@code s}'s slice with its last endpoint moved to a spare address when {@code move} is odd: a pod
     * replaced by another. {@code move} 0 is the original slice; 1 and 2 differ from each other and from it.
     */
    EndpointSlice slice(int s, int move) {
        List<Endpoint> endpoints = new ArrayList<>(endpointsPerService);
        for (int e = 0; e < endpointsPerService; e++) {
            boolean moved = move > 0 && e == endpointsPerService - 1;
            String address = moved ? movedAddress(s, move) : testAddress(CLUSTER_IPS + s * endpointsPerService + e);
            endpoints.add(new EndpointBuilder().withAddresses(address)
                    .withNodeName("node-" + (e % 3)).withNewConditions().withReady(true).endConditions().build());
        }
        return new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(namespace(s)).withName("svc" + s + "-abcde")
                .addToLabels("kubernetes.io/service-name", "svc" + s).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("p80").withProtocol("TCP").withPort(8080).endPort()
                .withEndpoints(endpoints)
                .build();
    }

    /** The address an endpoint of Service {@code s} gets when moved with this {@code move} (see {@link #slice}). */
    String movedAddress(int s, int move) {
        return testAddress(SPARE_START + (2 * s + move % 2) % (ADDRESSES - SPARE_START));
    }

    /** Feeds every Service and slice to the store as complete initial lists (which also marks it synced). */
    void load(ObjectStore store) {
        store.accept(new WatchEvent.Replaced(ResourceKind.SERVICE, serviceObjects()));
        store.accept(new WatchEvent.Replaced(ResourceKind.ENDPOINT_SLICE, sliceObjects()));
    }

    /** This node's snapshot of the cluster, built by the real store and snapshot builder. */
    ClusterSnapshot snapshot() {
        ObjectStore store = new ObjectStore(NODE, new SimpleMeterRegistry(), Clock.systemUTC());
        load(store);
        return store.takeSnapshot().snapshot();
    }

    private Service service(int s) {
        String ip = testAddress(s);
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace(s)).withName("svc" + s).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip).withIpFamilies("IPv4")
                .addNewPort().withName("p80").withProtocol("TCP").withPort(80).endPort()
                .endSpec()
                .build();
    }

    private static String namespace(int s) {
        return "ns" + s % 100;
    }

    /** The n-th address of 198.18.0.0/15. */
    static String testAddress(int n) {
        if (n < 0 || n >= ADDRESSES) {
            throw new IllegalArgumentException("address index " + n + " (expected: 0-" + (ADDRESSES - 1) + ")");
        }
        return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }
}
