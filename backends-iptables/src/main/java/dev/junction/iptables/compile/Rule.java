package dev.junction.iptables.compile;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code -A CHAIN ...} line as a value: the chain it is appended to, its matches in line order, and its target.
 * Build one with {@link #on(Chain)}.
 */
public record Rule(Chain chain, List<Match> matches, Target target) {

    public Rule {
        matches = List.copyOf(matches);
    }

    public static Builder on(Chain chain) {
        return new Builder(chain);
    }

    /** The rule's comment, if it has one. */
    public Optional<String> comment() {
        for (Match match : matches) {
            if (match instanceof Match.Comment comment) {
                return Optional.of(comment.text());
            }
        }
        return Optional.empty();
    }

    /** Whether the rule jumps to a chain with a {@code --probability}, so a tracer also follows the next rules. */
    public boolean isProbabilistic() {
        return matches.stream().anyMatch(Match.RandomProbability.class::isInstance);
    }

    @Override
    public String toString() {
        return RuleWriter.renderRule(this);
    }

    /** Collects matches in the order they will be written; not thread-safe, one per rule. */
    public static final class Builder {
        // Matches are immutable values: the common ones are shared by every rule that uses them.
        private static final Map<Protocol, Match> PROTOCOLS = new EnumMap<>(Map.of(
                Protocol.TCP, new Match.Proto(Protocol.TCP),
                Protocol.UDP, new Match.Proto(Protocol.UDP),
                Protocol.SCTP, new Match.Proto(Protocol.SCTP)));
        private static final Match LOCAL_SOURCE = new Match.LocalAddress(Match.Direction.SOURCE);
        private static final Match LOCAL_DESTINATION = new Match.LocalAddress(Match.Direction.DESTINATION);

        private final Chain chain;
        private final List<Match> matches = new ArrayList<>(8);

        private Builder(Chain chain) {
            this.chain = chain;
        }

        public Builder match(Match match) {
            matches.add(match);
            return this;
        }

        public Builder comment(String text) {
            return match(new Match.Comment(text));
        }

        public Builder protocol(Protocol protocol) {
            return match(PROTOCOLS.get(protocol));
        }

        public Builder source(Cidr cidr) {
            return match(new Match.Source(cidr, false, false));
        }

        public Builder source(IpAddress address) {
            return match(new Match.Source(Cidr.host(address), false, true));
        }

        public Builder notSource(Cidr cidr) {
            return match(new Match.Source(cidr, true, false));
        }

        public Builder destination(Cidr cidr) {
            return match(new Match.Destination(cidr, false, false));
        }

        public Builder destination(IpAddress address) {
            return match(new Match.Destination(Cidr.host(address), false, true));
        }

        public Builder notDestination(Cidr cidr) {
            return match(new Match.Destination(cidr, true, false));
        }

        public Builder destinationPort(int port) {
            return match(new Match.DestinationPort(port));
        }

        public Builder localSource() {
            return match(LOCAL_SOURCE);
        }

        public Builder localDestination() {
            return match(LOCAL_DESTINATION);
        }

        public Rule jump(Chain target) {
            return to(new Target.Jump(target));
        }

        public Rule to(Target target) {
            return new Rule(chain, matches, target);
        }
    }
}
