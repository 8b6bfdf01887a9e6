package dev.junction.nftables.trace;

import dev.junction.iptables.trace.Packet;
import dev.junction.iptables.trace.Trace;
import dev.junction.iptables.trace.TraceReport;
import dev.junction.nftables.compile.TopLevelObjects;

/** An {@link NftTrace} in {@link TraceReport}'s layout, the rules as {@code chain: rule} of the kube-proxy table. */
public final class NftTraceReport {

    private NftTraceReport() {
    }

    public static String format(Packet packet, NftTrace trace) {
        StringBuilder out = new StringBuilder();
        TraceReport.packetLine(out, packet);
        TraceReport.line(out, "verdict:", verdict(trace));
        TraceReport.endpointLines(out, trace.chances());
        TraceReport.line(out, "masquerade:", TraceReport.masquerade(trace.masquerade(), !trace.chances().isEmpty()));
        TraceReport.matchedLines(out, trace.matched());
        return out.toString();
    }

    private static String verdict(NftTrace trace) {
        Trace.Verdict outcome = trace.outcome();
        if (outcome == Trace.Verdict.ACCEPT) {
            return TraceReport.dnatVerdict(trace.chances().size());
        }
        if (trace.decidedIn().equals(TopLevelObjects.CLUSTER_IPS_CHECK)) {
            // kube-proxy's nftables mode alone guards the ClusterIPs themselves.
            return outcome == Trace.Verdict.REJECT
                    ? "REJECT: a ClusterIP on a port its Service does not define (the client sees connection refused)"
                    : "DROP: an address of the Services' CIDRs that no Service holds (the client times out)";
        }
        return TraceReport.verdict(outcome);
    }
}
