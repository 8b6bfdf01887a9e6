package dev.junction.iptables.trace;

import dev.junction.core.net.IpAddress;
import dev.junction.iptables.compile.Chain;
import dev.junction.iptables.compile.Match;
import dev.junction.iptables.compile.Rule;
import dev.junction.iptables.compile.RuleWriter;
import dev.junction.iptables.compile.Target;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Trace} for a human at 3 a.m. ({@code junction explain}): the packet, the verdict and what it means, the
 * endpoints it may reach with their chances, whether it is masqueraded, and the rules that matched in order. Pure.
 */
public final class TraceReport {

    private static final String INDENT = "            ";

    private TraceReport() {
    }

    public static String format(Packet packet, Trace trace) {
        StringBuilder out = new StringBuilder();
        packetLine(out, packet);
        line(out, "verdict:", verdict(trace));
        endpointLines(out, chances(trace));
        line(out, "masquerade:", masquerade(trace));
        matchedRules(out, trace.matched());
        return out.toString();
    }

    /** The {@code packet:} line: protocol, source, destination and where it enters from. */
    public static void packetLine(StringBuilder out, Packet packet) {
        line(out, "packet:", packet.protocol().name().toLowerCase(Locale.ROOT) + " " + packet.source() + " -> "
                + hostPort(packet.destination(), packet.port()) + ", " + origin(packet.origin()));
    }

    /** The {@code endpoints:} lines, each endpoint with its chance of being picked; nothing when there is none. */
    public static void endpointLines(StringBuilder out, Map<String, Double> chances) {
        String indent = String.format(Locale.ROOT, "%-12s", "endpoints:");
        for (Map.Entry<String, Double> endpoint : chances.entrySet()) {
            out.append(indent).append(endpoint.getKey())
                    .append(String.format(Locale.ROOT, "  (%.1f%%)", endpoint.getValue() * 100)).append('\n');
            indent = INDENT;
        }
    }

    /** The rules that matched, numbered, as iptables-save writes them. */
    public static void matchedRules(StringBuilder out, List<Rule> matched) {
        matchedLines(out, matched.stream().map(RuleWriter::renderRule).toList());
    }

    /** Rules that matched, numbered, in the text of their mode. */
    public static void matchedLines(StringBuilder out, List<String> matched) {
        out.append("rules matched, in order:").append(matched.isEmpty() ? " none\n" : "\n");
        for (int i = 0; i < matched.size(); i++) {
            out.append(String.format(Locale.ROOT, "%3d. ", i + 1)).append(matched.get(i)).append('\n');
        }
    }

    /** The {@code masquerade:} value, which says whose address the endpoint sees when there is one. */
    public static String masquerade(boolean masquerade, boolean toEndpoint) {
        if (!toEndpoint) {
            return masquerade ? "yes" : "no";
        }
        return masquerade ? "yes (the endpoint sees this node's address as the source)"
                : "no (the endpoint sees the client's address)";
    }

    /** The verdict line's text for a packet DNATed to one of {@code endpoints} endpoints. */
    public static String dnatVerdict(int endpoints) {
        return "ACCEPT: DNAT to " + (endpoints == 1 ? "the only endpoint" : "one of " + endpoints + " endpoints");
    }

    /** One labelled line, the values aligned. */
    public static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-12s", label)).append(value).append('\n');
    }

    /** The verdict line's text for a packet dropped or rejected by the filter table, or taken by no rule. */
    public static String verdict(Trace.Verdict verdict) {
        return switch (verdict) {
            case REJECT -> "REJECT: the Service has no endpoints (the client sees connection refused)";
            case DROP -> "DROP: no local endpoint under a Local traffic policy (internal, or external from"
                    + " outside), or a source outside loadBalancerSourceRanges (the client times out)";
            case NO_MATCH -> "no match: no Junction rule takes this packet; the kernel routes it unchanged";
            case ACCEPT -> "ACCEPT: allowed by the filter table, not DNATed";
        };
    }

    private static String masquerade(Trace trace) {
        return masquerade(trace.masquerade(), !trace.endpoints().isEmpty());
    }

    private static String verdict(Trace trace) {
        if (trace.verdict() == Trace.Verdict.ACCEPT && !trace.endpoints().isEmpty()) {
            return dnatVerdict(trace.endpoints().size());
        }
        return verdict(trace.verdict());
    }

    /**
     * Each endpoint's chance of being picked, from the {@code --probability} of the jumps leading to it: a chain is
     * entered with its caller's share, each probabilistic jump takes its fraction of what is left, and a plain jump
     * takes all that is left. Rules are in trace order, so a jump is always seen before the chain it enters.
     */
    static Map<String, Double> chances(Trace trace) {
        Map<Chain, Double> entered = new HashMap<>();
        Map<Chain, Double> left = new HashMap<>();
        Map<String, Double> chances = new LinkedHashMap<>();
        for (Rule rule : trace.matched()) {
            double share = entered.getOrDefault(rule.chain(), 1.0) * left.getOrDefault(rule.chain(), 1.0);
            switch (rule.target()) {
                case Target.Jump jump when !jump.chain().equals(Chain.KUBE_MARK_MASQ) -> {
                    double probability = probability(rule);
                    entered.put(jump.chain(), share * probability);
                    left.put(rule.chain(), left.getOrDefault(rule.chain(), 1.0) * (1 - probability));
                }
                case Target.Dnat dnat -> chances.merge(hostPort(dnat.ip(), dnat.port()), share, Double::sum);
                default -> {
                }
            }
        }
        return chances;
    }

    private static double probability(Rule rule) {
        return rule.matches().stream()
                .filter(Match.RandomProbability.class::isInstance)
                .map(m -> Double.parseDouble(((Match.RandomProbability) m).probability()))
                .findFirst().orElse(1.0);
    }

    private static String origin(Packet.Origin origin) {
        return switch (origin) {
            case POD -> "from a pod";
            case NODE -> "from this node (host network)";
            case EXTERNAL -> "from outside the cluster";
        };
    }

    private static String hostPort(IpAddress ip, int port) {
        return switch (ip.family()) {
            case IPV4 -> ip + ":" + port;
            case IPV6 -> "[" + ip + "]:" + port;
        };
    }
}
