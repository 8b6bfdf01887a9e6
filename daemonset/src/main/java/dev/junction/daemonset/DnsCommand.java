package dev.junction.daemonset;

import dev.junction.daemonset.DnsFlagValues.Flag;
import dev.junction.dns.forward.ResolvConf;
import dev.junction.dns.records.ZoneSettings;
import dev.junction.dns.server.DnsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code junction dns}: the cluster DNS responder alone (a kube-dns replacement, or node-local). Answers the cluster
 * zone from the watched Services and EndpointSlices and forwards everything else.
 */
@Command(
        name = "dns",
        mixinStandardHelpOptions = true,
        description = {
            "Serve cluster DNS (Kubernetes DNS spec 1.1.0) on UDP and TCP, forwarding other names upstream.",
            "Objects come from --source, else the API server via --kubeconfig, else the in-cluster config."})
final class DnsCommand implements Callable<Integer> {

    private final DnsLauncher launcher;
    private final Supplier<String> machineHostname;
    private final Supplier<List<InetSocketAddress>> defaultUpstreams;

    @Spec
    private CommandSpec spec;

    @Option(names = "--source", paramLabel = "PATH",
            description = "Serve the Services and EndpointSlices in this YAML file or directory."
                    + " Excludes --kubeconfig.")
    private Path source;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig for the API server. Default: the in-cluster config.")
    private Path kubeconfig;

    @Option(names = "--listen", paramLabel = "IP:PORT", defaultValue = "0.0.0.0:53",
            description = "Where UDP and TCP queries are served. Default: ${DEFAULT-VALUE}.")
    private String listen;

    @Option(names = "--upstream", paramLabel = "IP[:PORT]", split = ",",
            description = "Resolvers for names outside the zone, tried in order (repeatable)."
                    + " Default: the nameservers of /etc/resolv.conf.")
    private List<String> upstreams;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = ZoneSettings.DEFAULT_DOMAIN,
            description = "The cluster zone. Default: ${DEFAULT-VALUE}.")
    private String clusterDomain;

    @Option(names = "--pod-records", paramLabel = "MODE", defaultValue = "disabled",
            description = "disabled or insecure: answer a-b-c-d.<ns>.pod.<zone>. Default: ${DEFAULT-VALUE}.")
    private String podRecords;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "5",
            description = "TTL of cluster records, 0-3600. Default: ${DEFAULT-VALUE}.")
    private String ttl;

    @Option(names = "--hostname-override", paramLabel = "NAME",
            description = "This node's name. Default: the machine's hostname, lower-cased.")
    private String hostnameOverride;

    @Option(names = "--metrics-bind-address", paramLabel = "IP:PORT", defaultValue = "127.0.0.1:9153",
            description = "Where /metrics is served. Default: ${DEFAULT-VALUE}.")
    private String metricsBindAddress;

    @Option(names = "--health-bind-address", paramLabel = "IP:PORT", defaultValue = "0.0.0.0:8080",
            description = "Where /health and /ready are served. Default: ${DEFAULT-VALUE}.")
    private String healthBindAddress;

    DnsCommand(DnsLauncher launcher, Supplier<String> machineHostname,
            Supplier<List<InetSocketAddress>> defaultUpstreams) {
        this.launcher = launcher;
        this.machineHostname = machineHostname;
        this.defaultUpstreams = defaultUpstreams;
    }

    /** The nameservers of /etc/resolv.conf, or none when it cannot be read. */
    static List<InetSocketAddress> resolvConfUpstreams() {
        try {
            return ResolvConf.nameservers(ResolvConf.DEFAULT_PATH);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (source != null && kubeconfig != null) {
            throw new ParameterException(spec.commandLine(), "--source and --kubeconfig exclude each other");
        }
        return launcher.run(resolve());
    }

    private DnsConfig resolve() {
        DnsFlagValues values = new DnsFlagValues(spec.commandLine());
        ZoneSettings zone = values.zone(new Flag("--cluster-domain", clusterDomain), new Flag("--ttl", ttl),
                new Flag("--pod-records", podRecords));
        DnsSettings settings = DnsSettings.of(values.address(new Flag("--listen", listen), 53).toSocketAddress(), zone,
                values.upstreams("--upstream", upstreams, defaultUpstreams));
        String nodeName = hostnameOverride != null ? hostnameOverride : machineHostname.get();
        return new DnsConfig(Optional.ofNullable(source), Optional.ofNullable(kubeconfig),
                nodeName.trim().toLowerCase(Locale.ROOT), settings,
                values.address(new Flag("--metrics-bind-address", metricsBindAddress), 9153),
                values.address(new Flag("--health-bind-address", healthBindAddress), 8080));
    }
}
