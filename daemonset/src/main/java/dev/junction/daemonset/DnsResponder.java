package dev.junction.daemonset;

import dev.junction.core.config.ProxyConfig;
import dev.junction.core.store.ObjectStore;
import dev.junction.dns.forward.ResolvConf;
import dev.junction.dns.records.ZoneSettings;
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

    static DnsResponder start(ProxyConfig config, ObjectStore store, MeterRegistry registry) throws Exception {
        if (config.dnsListen().isEmpty()) {
            return new DnsResponder(Optional.empty());
        }
        DnsSettings settings = DnsSettings.of(config.dnsListen().get().toSocketAddress(), ZoneSettings.defaults(),
                ResolvConf.nameservers(ResolvConf.DEFAULT_PATH));
        return new DnsResponder(Optional.of(ClusterDnsServer.start(store, settings, registry)));
    }

    @Override
    public void close() {
        server.ifPresent(ClusterDnsServer::close);
    }
}
