package dev.junction.iptables.trace;

import dev.junction.iptables.compile.Rule;
import java.util.List;

/**
 * What happened to a traced packet.
 *
 * @param outputs      in order, every endpoint ({@code ip:port}) the packet may be DNATed to (each probabilistic
 *                     branch is followed), then the filter verdict ({@code ACCEPT}, {@code DROP}, {@code REJECT}) if
 *                     one was hit, as upstream's {@code tracePacket} output
 * @param masquerade   the packet was marked for masquerading
 * @param matched      every rule that matched, in order, for explaining the result
 */
public record Trace(List<String> outputs, boolean masquerade, List<Rule> matched) {

    public Trace {
        outputs = List.copyOf(outputs);
        matched = List.copyOf(matched);
    }

    /** The packet's fate. */
    public enum Verdict {
        /** DNATed to one of {@link #endpoints()}, or accepted by the filter table (a health check port). */
        ACCEPT,
        /** Rejected: the Service has no endpoints anywhere. */
        REJECT,
        /** Dropped: no local endpoint under a Local traffic policy, or outside the load balancer source ranges. */
        DROP,
        /** No rule of ours took the packet: it goes on as if Junction were not there. */
        NO_MATCH
    }

    public Verdict verdict() {
        for (Verdict verdict : List.of(Verdict.REJECT, Verdict.DROP, Verdict.ACCEPT)) {
            if (outputs.contains(verdict.name())) {
                return verdict;
            }
        }
        return outputs.isEmpty() ? Verdict.NO_MATCH : Verdict.ACCEPT;
    }

    /** The endpoints the packet may be DNATed to, as {@code ip:port} ({@code [ip]:port} for IPv6). */
    public List<String> endpoints() {
        return outputs.stream().filter(o -> !isVerdict(o)).toList();
    }

    /** The outputs joined as upstream's tests write them, for example {@code "10.0.0.1:80, 10.0.0.2:80"}. */
    public String summary() {
        return String.join(", ", outputs);
    }

    private static boolean isVerdict(String output) {
        return output.equals("ACCEPT") || output.equals("DROP") || output.equals("REJECT");
    }
}
