package dev.junction.daemonset;

import dev.junction.core.store.ObjectStore;
import dev.junction.dns.server.ClusterDnsServer;
import dev.junction.dns.server.DnsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/** {@code run --dns-listen}: the cluster DNS responder on the agent's own store, or nothing when not asked for. */
final class DnsResponder implements AutoCloseable {

    private final Optional<ClusterDnsServer> server;

    private DnsResponder(Optional<ClusterDnsServer> server) {
        this.server = server;
    }

    static DnsResponder start(Optional<DnsSettings> settings, ObjectStore store, MeterRegistry registry)
            throws Exception {
        if (settings.isEmpty()) {
            return new DnsResponder(Optional.empty());
        }
        return new DnsResponder(Optional.of(ClusterDnsServer.start(store, settings.get(), registry)));
    }

    @Override
    public void close() {
        server.ifPresent(ClusterDnsServer::close);
    }
}
