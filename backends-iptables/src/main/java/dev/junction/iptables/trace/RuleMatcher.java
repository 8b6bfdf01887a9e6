package dev.junction.iptables.trace;

import dev.junction.core.net.IpAddress;
import dev.junction.iptables.compile.Match;
import dev.junction.iptables.compile.Rule;
import java.util.Set;

/** Whether a rule matches the first packet of a connection; stateless. */
final class RuleMatcher {

    private RuleMatcher() {
    }

    /** All of a rule's matches must match; history-based matches never do. */
    static boolean matches(Rule rule, Packet packet, IpAddress destination, Set<IpAddress> localAddresses) {
        for (Match match : rule.matches()) {
            if (!matches(match, packet, destination, localAddresses)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Match match, Packet packet, IpAddress destination, Set<IpAddress> local) {
        return switch (match) {
            case Match.Comment c -> true;
            case Match.Nfacct n -> true;
            case Match.RandomProbability p -> true;
            case Match.RecentSet r -> true;
            case Match.Proto p -> p.protocol() == packet.protocol();
            case Match.Source s -> s.cidr().contains(packet.source()) != s.negated();
            case Match.Destination d -> d.cidr().contains(destination) != d.negated();
            case Match.DestinationPort p -> p.port() == packet.port();
            case Match.LocalAddress l -> local.contains(
                    l.direction() == Match.Direction.SOURCE ? packet.source() : destination);
            case Match.RecentCheck r -> false;
            case Match.MarkSet m -> false;
            case Match.ConntrackState c -> false;
        };
    }
}
