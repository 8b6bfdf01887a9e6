package dev.junction.daemonset;

import dev.junction.core.config.InvalidConfigException;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.config.ProxyConfigBuilder;
import dev.junction.core.config.ProxyMode;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.watch.ManifestException;
import dev.junction.iptables.apply.FullSyncPreview;
import dev.junction.iptables.apply.IptablesSettings;
import dev.junction.iptables.apply.NodeFacts;
import dev.junction.userspace.UserspacePreview;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The flags of {@code junction rules} and {@code junction explain} beyond the shared configuration (a picocli mixin),
 * and what they load: the node as the agent would see it on its first full sync, from files only. Nothing here reads
 * this machine's interfaces, sysctls or iptables.
 */
final class OfflineNode {

    /** What a one-shot command works on. */
    record Loaded(ProxyConfig config, ClusterSnapshot snapshot, List<IpAddress> nodeAddresses,
            IptablesSettings settings, NodeFacts facts) {

        FullSyncPreview preview() {
            return new FullSyncPreview(settings, facts);
        }

        UserspacePreview userspace() {
            return new UserspacePreview(config, snapshot, nodeAddresses, settings.families());
        }
    }

    @Option(names = "--source", paramLabel = "PATH", required = true,
            description = "The Services, EndpointSlices and Node in this YAML file or directory.")
    private Path source;

    @Option(names = "--node-ip", paramLabel = "IP",
            description = "An address of this node (repeatable): addrtype LOCAL, and the addresses"
                    + " --nodeport-addresses CIDRs select. Default: the Node object's addresses in --source.")
    private List<String> nodeIps;

    /**
     * Resolves the configuration and reads the source once.
     *
     * @param modes the proxy modes the command knows
     * @throws ParameterException for a bad flag, a mode not in {@code modes}, or a source that cannot be read
     */
    Loaded load(ConfigFlags flags, CommandLine command, Supplier<String> machineHostname, Set<ProxyMode> modes) {
        return load(flags, builder -> { }, command, machineHostname, modes);
    }

    /** As {@link #load(ConfigFlags, CommandLine, Supplier, Set)}, with the command's own flags applied last. */
    Loaded load(ConfigFlags flags, FlagLayer commandFlags, CommandLine command, Supplier<String> machineHostname,
            Set<ProxyMode> modes) {
        ProxyConfig config = resolve(flags, commandFlags, command, machineHostname, modes);
        ClusterSnapshot snapshot;
        try {
            snapshot = SourceSnapshot.read(source, config.nodeName());
        } catch (NoSuchFileException e) {
            throw new ParameterException(command, "--source " + e.getFile() + " does not exist (expected: a YAML or JSON manifest file, or a directory of them)", e);
        } catch (IOException e) {
            throw new ParameterException(command, "--source " + source + ": cannot read it (" + e + ")", e);
        } catch (ManifestException e) {
            throw new ParameterException(command, "--source " + source + ": " + e.getMessage(), e);
        }
        List<IpAddress> addresses = nodeAddresses(command, snapshot);
        IptablesSettings settings = IptablesSettings.of(config, FullSyncPreview.familiesOf(snapshot));
        NodeFacts facts = NodeFacts.fixed(addresses, config.conntrack().tcpBeLiberal());
        return new Loaded(config, snapshot, addresses, settings, facts);
    }

    /** Flags a command adds to the shared ones. */
    @FunctionalInterface
    interface FlagLayer {
        void applyTo(ProxyConfigBuilder builder) throws InvalidConfigException;
    }

    private ProxyConfig resolve(ConfigFlags flags, FlagLayer commandFlags, CommandLine command,
            Supplier<String> machineHostname, Set<ProxyMode> modes) {
        ProxyConfig config;
        try {
            ProxyConfigBuilder builder = flags.resolve();
            commandFlags.applyTo(builder);
            builder.source(source, "--source");
            config = builder.build(machineHostname);
        } catch (InvalidConfigException e) {
            throw new ParameterException(command, e.getMessage(), e);
        }
        if (!modes.contains(config.mode())) {
            String expected = modes.stream().map(ProxyMode::cliName).sorted().collect(Collectors.joining(", "));
            throw new ParameterException(command, "--proxy-mode " + config.mode().cliName() + ": "
                    + command.getCommandName() + " does not know this mode's rules (expected: " + expected + ")");
        }
        return config;
    }

    private List<IpAddress> nodeAddresses(CommandLine command, ClusterSnapshot snapshot) {
        if (nodeIps == null) {
            return snapshot.node().map(NodeInfo::addresses).orElse(List.of());
        }
        return nodeIps.stream().map(text -> {
            try {
                return IpAddress.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command, "--node-ip: " + e.getMessage(), e);
            }
        }).toList();
    }
}
