package dev.junction.bench;

import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.net.IpFamily;
import dev.junction.iptables.apply.AfterSync;
import dev.junction.iptables.apply.IptablesBackend;
import dev.junction.iptables.apply.IptablesFlavor;
import dev.junction.iptables.apply.IptablesSettings;
import dev.junction.iptables.apply.ProcessIptables;
import dev.junction.iptables.compile.CompilerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The production iptables backend as the agent builds it (kube-proxy's defaults, IPv4), but programming a benchmark
 * namespace through the legacy flavor, and without conntrack cleanup (the clusters here carry no UDP) or canary
 * monitor thread (nobody flushes these namespaces).
 */
final class BenchBackends {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private BenchBackends() {
    }

    static IptablesBackend legacyIn(String namespace, MeterRegistry registry) {
        IptablesSettings settings = new IptablesSettings(Set.of(IpFamily.IPV4), List.of(), false, false,
                CompilerOptions.DEFAULT_MASQUERADE_BIT, true, NodePortAddresses.all(), Optional.empty());
        ProcessIptables iptables = ProcessIptables.inNetworkNamespace(IptablesFlavor.LEGACY, COMMAND_TIMEOUT,
                namespace);
        return new IptablesBackend(iptables, settings, registry, AfterSync.NOTHING, () -> { });
    }
}
