package dev.junction.iptables.trace;

import dev.junction.core.net.IpAddress;
import dev.junction.iptables.compile.Chain;
import dev.junction.iptables.compile.ChainRules;
import dev.junction.iptables.compile.JumpRules;
import dev.junction.iptables.compile.Rule;
import dev.junction.iptables.compile.Ruleset;
import dev.junction.iptables.compile.Table;
import dev.junction.iptables.compile.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows a packet through a compiled {@link Ruleset}, as kube-proxy's test {@code tracePacket} does: nat PREROUTING
 * (or OUTPUT for the node's own packets) into KUBE-SERVICES, then, on the possibly DNATed destination, the filter
 * chains KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-NODEPORTS and KUBE-PROXY-FIREWALL. Another mode's rules are
 * followed from its own {@link TraceEntry}; a REDIRECT sends the packet to this node for the filter chains.
 *
 * <p>Every probabilistic branch is followed, so a Service with three endpoints yields three outputs. Matches on past
 * state (affinity lists, marks, conntrack states) never match, as for a first packet. Immutable and thread-safe once
 * built; it keeps a reference to nothing mutable.
 */
public final class PacketTracer {

    private static final int MAX_DEPTH = 32;
    private static final IpAddress LOOPBACK4 = IpAddress.parse("127.0.0.1");
    private static final IpAddress LOOPBACK6 = IpAddress.parse("::1");

    private final Map<Table, Map<Chain, List<Rule>>> chains = new HashMap<>();
    private final List<Chain> filterChains;
    private final List<IpAddress> nodeAddresses;
    private final Set<IpAddress> localAddresses;

    /** A tracer of kube-proxy's iptables mode. */
    public PacketTracer(Ruleset ruleset, Collection<IpAddress> localAddresses) {
        this(ruleset, localAddresses, TraceEntry.KUBE_PROXY);
    }

    /**
     * @param localAddresses the node's addresses, which {@code addrtype LOCAL} matches (loopback is always local)
     * @param entry          how the mode's chains are entered
     */
    public PacketTracer(Ruleset ruleset, Collection<IpAddress> localAddresses, TraceEntry entry) {
        this.filterChains = entry.filterChains();
        for (Table table : Table.values()) {
            Map<Chain, List<Rule>> byChain = new HashMap<>();
            for (ChainRules chain : ruleset.chains(table)) {
                byChain.put(chain.chain(), chain.rules());
            }
            for (Chain builtIn : List.of(Chain.PREROUTING, Chain.OUTPUT)) {
                byChain.put(builtIn, JumpRules.in(entry.jumps(), table, builtIn));
            }
            chains.put(table, Map.copyOf(byChain));
        }
        this.nodeAddresses = List.copyOf(localAddresses);
        Set<IpAddress> local = new HashSet<>(localAddresses);
        local.add(LOOPBACK4);
        local.add(LOOPBACK6);
        this.localAddresses = Set.copyOf(local);
    }

    public Trace trace(Packet packet) {
        Walk walk = new Walk(packet);
        Chain natEntry = packet.origin() == Packet.Origin.NODE ? Chain.OUTPUT : Chain.PREROUTING;
        walk.run(Table.NAT, natEntry, packet.destination(), 0);
        // Pending DNATs take effect before the filter table sees the packet.
        IpAddress destination = walk.firstDnat == null ? packet.destination() : walk.firstDnat;
        for (Chain chain : filterChains) {
            walk.run(Table.FILTER, chain, destination, 0);
        }
        return new Trace(walk.outputs, walk.masquerade, walk.matched);
    }

    /** The state of one trace. */
    private final class Walk {
        private final Packet packet;
        private final List<String> outputs = new ArrayList<>();
        private final List<Rule> matched = new ArrayList<>();
        private boolean masquerade;
        private IpAddress firstDnat;

        Walk(Packet packet) {
            this.packet = packet;
        }

        /** Runs one chain; true when the packet reached a terminating target. */
        boolean run(Table table, Chain chain, IpAddress destination, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException("chain " + chain + " in table " + table + " nests deeper than "
                        + MAX_DEPTH + " jumps (expected: no loops)");
            }
            for (Rule rule : chains.get(table).getOrDefault(chain, List.of())) {
                if (rule.target() instanceof Target.None || !RuleMatcher.matches(rule, packet, destination,
                        localAddresses)) {
                    continue;
                }
                matched.add(rule);
                if (apply(table, rule, destination, depth)) {
                    return true;
                }
            }
            return false;
        }

        /** Applies a matched rule's target; true when the chain ends here. */
        private boolean apply(Table table, Rule rule, IpAddress destination, int depth) {
            switch (rule.target()) {
                case Target.Jump jump when jump.chain().equals(Chain.KUBE_MARK_MASQ) -> masquerade = true;
                case Target.Jump jump -> {
                    // A probabilistic jump may not be taken: keep following the rest of this chain too.
                    boolean terminated = run(table, jump.chain(), destination, depth + 1);
                    return terminated && !rule.isProbabilistic();
                }
                case Target.Dnat dnat -> {
                    outputs.add(hostPort(dnat.ip(), dnat.port()));
                    if (firstDnat == null) {
                        firstDnat = dnat.ip();
                    }
                    return true;
                }
                case Target.Redirect redirect -> {
                    outputs.add("local port " + redirect.port());
                    if (firstDnat == null) {
                        firstDnat = redirectedTo(packet);
                    }
                    return true;
                }
                case Target.Verdict verdict when verdict == Target.Verdict.RETURN -> {
                    return true;
                }
                case Target.Verdict verdict -> {
                    outputs.add(verdict.name());
                    return true;
                }
                case Target.OrMark m -> masquerade = true;
                case Target.XorMark m -> {
                }
                case Target.Masquerade m -> {
                }
                case Target.None none -> {
                }
            }
            return false;
        }
    }

    /**
     * Where REDIRECT sends a packet: loopback for the node's own, else the address of the interface it came in on, of
     * which a node address stands for any.
     */
    private IpAddress redirectedTo(Packet packet) {
        IpAddress loopback = packet.source().family() == LOOPBACK4.family() ? LOOPBACK4 : LOOPBACK6;
        if (packet.origin() == Packet.Origin.NODE) {
            return loopback;
        }
        return nodeAddresses.stream().filter(ip -> ip.family() == loopback.family()).findFirst().orElse(loopback);
    }

    private static String hostPort(IpAddress ip, int port) {
        return switch (ip.family()) {
            case IPV4 -> ip + ":" + port;
            case IPV6 -> "[" + ip + "]:" + port;
        };
    }
}
