package dev.junction.daemonset;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.config.ProxyMode;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.iptables.compile.Ruleset;
import dev.junction.iptables.trace.Packet;
import dev.junction.iptables.trace.PacketTracer;
import dev.junction.iptables.trace.TraceReport;
import dev.junction.nftables.apply.NftFullSyncPreview;
import dev.junction.nftables.compile.NftRuleset;
import dev.junction.nftables.trace.NftPacketTracer;
import dev.junction.nftables.trace.NftTraceReport;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code junction explain}: where the first packet of a connection goes and why, by tracing the ruleset the agent
 * would apply for {@code --source} with the same tracer the tests use (in userspace mode, then asking the listener's
 * own code which endpoints it offers).
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Trace a packet through the rules the agent would apply (iptables, or with --proxy-mode nftables the",
            "nft table): the verdict, the endpoints it may reach, whether it is masqueraded, and every rule it",
            "matched. Nothing touches the kernel.",
            "With --proxy-mode userspace: through the steering rules, then the listener that takes it: the traffic",
            "policy it applies, the balance mode, and the endpoints it picks among."})
final class ExplainCommand implements Callable<Integer> {

    private final Supplier<String> machineHostname;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigFlags configFlags;

    @Mixin
    private OfflineNode offline;

    @Mixin
    private UserspaceFlags userspaceFlags;

    @Option(names = "--from", paramLabel = "IP", required = true, description = "The client's address.")
    private String from;

    @Option(names = "--to", paramLabel = "IP:PORT[/PROTO]", required = true,
            description = "Where the client connects: 198.18.0.10:80, [fd00::10]:53/udp. PROTO: tcp (default),"
                    + " udp or sctp.")
    private String to;

    @Option(names = "--origin", paramLabel = "pod|node|external",
            description = "Where the packet enters from. Default: node when --from is a node address, pod when it"
                    + " is in --cluster-cidr, else external.")
    private String origin;

    ExplainCommand(Supplier<String> machineHostname) {
        this.machineHostname = machineHostname;
    }

    @Override
    public Integer call() throws SyncFailedException {
        OfflineNode.Loaded loaded = offline.load(configFlags, builder -> userspaceFlags.applyTo(builder.userspace()),
                spec.commandLine(), machineHostname, EnumSet.of(ProxyMode.IPTABLES, ProxyMode.NFTABLES, ProxyMode.USERSPACE));
        Packet packet = packet(loaded);
        IpFamily family = packet.source().family();
        String report = switch (loaded.config().mode()) {
            case USERSPACE -> loaded.userspace().explain(packet);
            case NFTABLES -> {
                NftRuleset ruleset = new NftFullSyncPreview(loaded.settings(), loaded.facts())
                        .compile(loaded.snapshot(), family);
                yield NftTraceReport.format(packet, new NftPacketTracer(ruleset, loaded.nodeAddresses())
                        .trace(packet));
            }
            default -> {
                Ruleset ruleset = loaded.preview().compile(loaded.snapshot(), family);
                yield TraceReport.format(packet, new PacketTracer(ruleset, loaded.nodeAddresses()).trace(packet));
            }
        };
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Packet packet(OfflineNode.Loaded loaded) {
        IpAddress source = parse("--from", from, IpAddress::parse);
        Destination destination = parse("--to", to, Destination::parse);
        Packet.Origin entry = origin == null ? inferOrigin(source, loaded) : parse("--origin", origin,
                ExplainCommand::parseOrigin);
        return parse("--to", to, text -> new Packet(source, destination.ip(), destination.port(),
                destination.protocol(), entry));
    }

    private static Packet.Origin inferOrigin(IpAddress source, OfflineNode.Loaded loaded) {
        if (loaded.nodeAddresses().contains(source) || source.inet().isLoopbackAddress()) {
            return Packet.Origin.NODE;
        }
        boolean inPods = loaded.config().clusterCidrs().stream().anyMatch(cidr -> cidr.contains(source));
        return inPods ? Packet.Origin.POD : Packet.Origin.EXTERNAL;
    }

    private static Packet.Origin parseOrigin(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "pod" -> Packet.Origin.POD;
            case "node" -> Packet.Origin.NODE;
            case "external" -> Packet.Origin.EXTERNAL;
            default -> throw new IllegalArgumentException("(expected: pod, node or external)");
        };
    }

    private <T> T parse(String flag, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), flag + " " + text + ": " + e.getMessage(), e);
        }
    }

    /** {@code IP:PORT[/PROTO]}, an IPv6 address in brackets. */
    record Destination(IpAddress ip, int port, Protocol protocol) {

        static Destination parse(String text) {
            int slash = text.lastIndexOf('/');
            Protocol protocol = slash < 0 ? Protocol.TCP : Protocol.parse(text.substring(slash + 1)
                    .toUpperCase(Locale.ROOT));
            String hostPort = slash < 0 ? text : text.substring(0, slash);
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("(expected: IP:PORT[/tcp|udp|sctp], [IPv6]:PORT for IPv6)");
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new IllegalArgumentException("(expected: an IPv6 address in brackets, [fd00::1]:80)");
            }
            return new Destination(IpAddress.parse(host), port(hostPort.substring(colon + 1)), protocol);
        }

        private static int port(String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port \"" + text + "\" (expected: 1-65535)", e);
            }
        }
    }
}
