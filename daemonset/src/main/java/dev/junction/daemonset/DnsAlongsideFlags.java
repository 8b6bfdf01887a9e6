package dev.junction.daemonset;

import dev.junction.daemonset.DnsFlagValues.Flag;
import dev.junction.dns.records.ZoneSettings;
import dev.junction.dns.server.DnsSettings;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The DNS flags of {@code junction run} (a picocli mixin): the cluster DNS responder alongside the proxy, answering
 * from the agent's own store. The same settings as {@code junction dns}, spelled with a {@code --dns-} prefix, except
 * {@code --cluster-domain}, which is kubelet's spelling.
 */
final class DnsAlongsideFlags {

    private static final String WITH_LISTEN = "With --dns-listen: ";

    @Option(names = "--dns-listen", paramLabel = "IP:PORT",
            description = "Also answer cluster DNS on this address (UDP and TCP), from the same watched state,"
                    + " forwarding other names upstream. Default: off.")
    private String listen;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = ZoneSettings.DEFAULT_DOMAIN,
            description = WITH_LISTEN + "the cluster zone. Default: ${DEFAULT-VALUE}.")
    private String clusterDomain;

    @Option(names = "--dns-upstream", paramLabel = "IP[:PORT]", split = ",",
            description = WITH_LISTEN + "resolvers for names outside the zone, tried in order (repeatable)."
                    + " Default: the nameservers of /etc/resolv.conf.")
    private List<String> upstreams;

    @Option(names = "--dns-pod-records", paramLabel = "MODE", defaultValue = "disabled",
            description = WITH_LISTEN + "disabled or insecure: answer a-b-c-d.<ns>.pod.<zone>."
                    + " Default: ${DEFAULT-VALUE}.")
    private String podRecords;

    @Option(names = "--dns-ttl", paramLabel = "SECONDS", defaultValue = "5",
            description = WITH_LISTEN + "TTL of cluster records, 0-3600. Default: ${DEFAULT-VALUE}.")
    private String ttl;

    /** The responder's settings, or empty without {@code --dns-listen}; the other flags are checked either way. */
    Optional<DnsSettings> resolve(CommandLine command, Supplier<List<InetSocketAddress>> defaultUpstreams) {
        DnsFlagValues values = new DnsFlagValues(command);
        ZoneSettings zone = values.zone(new Flag("--cluster-domain", clusterDomain), new Flag("--dns-ttl", ttl),
                new Flag("--dns-pod-records", podRecords));
        if (listen == null) {
            return Optional.empty();
        }
        InetSocketAddress address = values.address(new Flag("--dns-listen", listen), 53).toSocketAddress();
        return Optional.of(DnsSettings.of(address, zone, values.upstreams("--dns-upstream", upstreams,
                defaultUpstreams)));
    }
}
