package dev.junction.bench;

import dev.junction.core.backend.Backend;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.net.IpFamily;
import dev.junction.iptables.apply.AfterSync;
import dev.junction.iptables.apply.CompilerOptionsSource;
import dev.junction.iptables.apply.IptablesBackend;
import dev.junction.iptables.apply.IptablesFlavor;
import dev.junction.iptables.apply.IptablesSettings;
import dev.junction.iptables.apply.NfacctCounters;
import dev.junction.iptables.apply.NodeFacts;
import dev.junction.iptables.apply.ProcessIptables;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.nftables.apply.NftBackend;
import dev.junction.nftables.apply.ProcessNft;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The production kernel backends as the agent builds them (kube-proxy's defaults, IPv4), but programming a benchmark
 * namespace (iptables through the legacy flavor), and without conntrack cleanup (the clusters here carry no UDP) or
 * canary monitor thread (nobody flushes these namespaces).
 */
final class BenchBackends {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private BenchBackends() {
    }

    /** {@code iptables} (legacy flavor) or {@code nftables}. */
    static Backend in(String mode, String namespace, MeterRegistry registry) {
        return switch (mode) {
            case "iptables" -> legacyIn(namespace, registry);
            case "nftables" -> new NftBackend(ProcessNft.inNetworkNamespace(COMMAND_TIMEOUT, namespace),
                    Set.of(IpFamily.IPV4), new CompilerOptionsSource(settings(NodePortAddresses.primaryOnly()),
                            NodeFacts.fixed(List.of(), false)), registry, AfterSync.NOTHING, Clock.systemUTC(), () -> { });
            default -> throw new IllegalArgumentException("--latency-modes " + mode + " (expected: iptables, nftables)");
        };
    }

    static IptablesBackend legacyIn(String namespace, MeterRegistry registry) {
        IptablesSettings settings = settings(NodePortAddresses.all());
        ProcessIptables iptables = ProcessIptables.inNetworkNamespace(IptablesFlavor.LEGACY, COMMAND_TIMEOUT,
                namespace);
        return new IptablesBackend(iptables, settings, registry, AfterSync.NOTHING, () -> { }, NfacctCounters.NONE);
    }

    private static IptablesSettings settings(NodePortAddresses nodePorts) {
        return new IptablesSettings(Set.of(IpFamily.IPV4), List.of(), false, false,
                CompilerOptions.DEFAULT_MASQUERADE_BIT, true, nodePorts, Optional.empty());
    }
}
