package dev.junction.nftables.trace;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.iptables.trace.Packet;
import dev.junction.nftables.compile.BaseChain;
import dev.junction.nftables.compile.NftElement;
import dev.junction.nftables.compile.NftRuleset;
import dev.junction.nftables.compile.ServiceObjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a packet through a compiled {@link NftRuleset}, hook by hook as the kernel runs our base chains: for a pod's
 * or an outside client's packet filter-prerouting, nat-prerouting, then filter-input (to this node) or filter-forward
 * on the DNATed destination; for the node's own filter-output, nat-output, filter-output-post-dnat; then
 * nat-postrouting. Rules are read in the text the compiler writes, a small grammar of matches followed by one action;
 * a rule this tracer does not know fails the trace rather than being skipped.
 *
 * <p>Every random branch ({@code numgen}) is followed, each endpoint with its chance. Matches on past state (affinity
 * sets) never match, as for a first packet. Immutable once built.
 */
public final class NftPacketTracer {

    private static final int MAX_DEPTH = 32;
    private static final Pattern COMMENT = Pattern.compile(" comment \"[^\"]*\"$");
    private static final Pattern NUMGEN_VMAP = Pattern.compile("numgen random mod (\\d+) vmap \\{ (.*) }");
    private static final Pattern DNAT = Pattern.compile("dnat to \\[?([0-9a-fA-F.:]+?)]?:(\\d+)");

    private final Map<String, List<String>> chains = new HashMap<>();
    private final Map<String, Map<String, String>> maps = new HashMap<>();
    private final Set<IpAddress> localAddresses;

    /** @param localAddresses the node's addresses, which {@code fib ... type local} matches (with loopback) */
    public NftPacketTracer(NftRuleset ruleset, Collection<IpAddress> localAddresses) {
        ruleset.topChains().forEach(chain -> chains.put(chain.name(), chain.rules()));
        ruleset.topElements().forEach(this::addElement);
        for (ServiceObjects service : ruleset.services().values()) {
            service.chains().forEach(chain -> chains.put(chain.name(), chain.rules()));
            service.elements().forEach(this::addElement);
        }
        Set<IpAddress> local = new HashSet<>(localAddresses);
        local.add(IpAddress.parse("127.0.0.1"));
        local.add(IpAddress.parse("::1"));
        this.localAddresses = Set.copyOf(local);
    }

    private void addElement(NftElement element) {
        maps.computeIfAbsent(element.map().setName(), name -> new HashMap<>())
                .put(element.key(), element.verdict().orElse(""));
    }

    public NftTrace trace(Packet packet) {
        Walk walk = new Walk(packet);
        if (packet.origin() == Packet.Origin.NODE) {
            walk.hook(BaseChain.FILTER_OUTPUT);
            walk.hook(BaseChain.NAT_OUTPUT);
            walk.hook(BaseChain.FILTER_OUTPUT_POST_DNAT);
        } else {
            walk.hook(BaseChain.FILTER_PREROUTING);
            walk.hook(BaseChain.NAT_PREROUTING);
            walk.hook(walk.isLocal(walk.destination) ? BaseChain.FILTER_INPUT : BaseChain.FILTER_FORWARD);
        }
        walk.hook(BaseChain.NAT_POSTROUTING);
        return new NftTrace(walk.chances, walk.verdict, walk.decidedIn, walk.masquerade, walk.matched);
    }

    /** How a chain ended. */
    private enum Ending { FELL_THROUGH, RETURNED, FINAL }

    /** The state of one trace. */
    private final class Walk {
        private final Packet packet;
        private final Map<String, Double> chances = new LinkedHashMap<>();
        private final List<String> matched = new ArrayList<>();
        private IpAddress destination;
        private boolean marked;
        private boolean masquerade;
        private Optional<String> verdict = Optional.empty();
        private String decidedIn = "";

        Walk(Packet packet) {
            this.packet = packet;
            this.destination = packet.destination();
        }

        /** Runs one base chain, unless an earlier hook already decided the packet's fate. */
        void hook(BaseChain base) {
            if (verdict.isEmpty()) {
                run(base.chainName(), 1.0, 0);
            }
        }

        /**
         * Runs a chain entered with {@code share} of the packet's chance. Returns how it ended: a final verdict stops
         * the trace; a random DNAT takes its part of the share and lets the rest go on.
         */
        Ending run(String chain, double share, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException("chain " + chain + " nests deeper than " + MAX_DEPTH
                        + " jumps (expected: no loops)");
            }
            double left = share;
            for (String rule : chains.getOrDefault(chain, List.of())) {
                Rule parsed = Rule.parse(COMMENT.matcher(rule).replaceFirst(""));
                if (!parsed.matches(this) || isLookup(parsed.action()) && lookup(parsed.action()).isEmpty()) {
                    continue;
                }
                matched.add(chain + ": " + rule);
                Ending ending = apply(chain, parsed, left, depth);
                if (parsed.probability() < 1) {
                    left *= 1 - parsed.probability();
                    continue;
                }
                if (ending != Ending.FELL_THROUGH) {
                    return ending;
                }
            }
            return Ending.FELL_THROUGH;
        }

        private Ending apply(String chain, Rule rule, double share, int depth) {
            String action = rule.action();
            double chance = share * rule.probability();
            if (action.startsWith("jump ")) {
                Ending ending = run(action.substring(5), chance, depth + 1);
                return ending == Ending.FINAL ? Ending.FINAL : Ending.FELL_THROUGH;
            }
            if (action.startsWith("goto ")) {
                return run(action.substring(5), chance, depth + 1) == Ending.FINAL ? Ending.FINAL : Ending.RETURNED;
            }
            Matcher numgen = NUMGEN_VMAP.matcher(action);
            if (numgen.matches()) {
                String[] targets = numgen.group(2).split(", ");
                for (String target : targets) {
                    String verdictText = target.substring(target.indexOf(':') + 2);
                    apply(chain, Rule.parse(verdictText).withProbability(1.0 / targets.length), chance, depth);
                }
                return Ending.FINAL;
            }
            if (isLookup(action)) {
                return apply(chain, Rule.parse(lookup(action).orElseThrow()), chance, depth);
            }
            Matcher dnat = DNAT.matcher(action);
            if (dnat.matches()) {
                String endpoint = IpAddress.parse(dnat.group(1)).family() == IpFamily.IPV6
                        ? "[" + dnat.group(1) + "]:" + dnat.group(2) : dnat.group(1) + ":" + dnat.group(2);
                chances.merge(endpoint, chance, Double::sum);
                if (chances.size() == 1) {
                    destination = IpAddress.parse(dnat.group(1));
                }
                return Ending.FINAL;
            }
            return switch (action) {
                case "return" -> Ending.RETURNED;
                case "drop", "reject" -> {
                    verdict = Optional.of(action.toUpperCase(Locale.ROOT));
                    decidedIn = chain;
                    yield Ending.FINAL;
                }
                case "masquerade fully-random" -> {
                    masquerade = true;
                    yield Ending.FINAL;
                }
                default -> {
                    if (action.startsWith("mark set mark or ")) {
                        marked = true;
                    } else if (!action.startsWith("mark set mark xor ") && !action.startsWith("update @")) {
                        throw new IllegalStateException("nft action \"" + action + "\" (expected: one the"
                                + " compiler writes)");
                    }
                    yield Ending.FELL_THROUGH;
                }
            };
        }

        private static boolean isLookup(String action) {
            return action.contains(" vmap @");
        }

        /**
         * The verdict a map lookup finds for this packet, keyed as the selector says ({@code ip daddr . meta l4proto .
         * th dport} or {@code meta l4proto . th dport}); empty when the map has no such element.
         */
        private Optional<String> lookup(String action) {
            String selector = action.substring(0, action.indexOf(" vmap @"));
            String protocolPort = packet.protocol().name().toLowerCase(Locale.ROOT) + " . " + packet.port();
            String key = selector.contains("daddr . ") ? destination + " . " + protocolPort : protocolPort;
            return Optional.ofNullable(maps.getOrDefault(action.substring(action.indexOf('@') + 1), Map.of()).get(key));
        }

        boolean isLocal(IpAddress address) {
            return localAddresses.contains(address);
        }

        boolean isDnatted() {
            return !chances.isEmpty();
        }

        boolean setHas(String set, String key) {
            return maps.getOrDefault(set, Map.of()).containsKey(key);
        }

        /** Whether {@code address} is in an operand as the compiler writes it: {@code @set}, {@code { cidrs }}, a CIDR. */
        boolean addressIn(IpAddress address, String operand) {
            if (operand.startsWith("@")) {
                return setHas(operand.substring(1), address.toString());
            }
            if (operand.startsWith("{")) {
                return Arrays.stream(operand.substring(1, operand.length() - 1).split(","))
                        .anyMatch(item -> addressIn(address, item.strip()));
            }
            return operand.contains("/") ? Cidr.parse(operand).contains(address)
                    : IpAddress.parse(operand).equals(address);
        }
    }

    /** A parsed rule: its matches, then one action; {@code probability} below 1 for a random DNAT. */
    private record Rule(List<Match> matches, String action, double probability) {

        private static final Pattern NUMGEN = Pattern.compile("numgen random mod (\\d+) == 0");

        static Rule parse(String text) {
            List<Match> matches = new ArrayList<>();
            String rest = text;
            double probability = 1;
            while (true) {
                Matcher numgen = NUMGEN.matcher(rest);
                if (numgen.lookingAt()) {
                    probability = 1.0 / Integer.parseInt(numgen.group(1));
                    rest = rest.substring(numgen.end()).stripLeading();
                    continue;
                }
                Optional<Match.Parsed> next = Match.parse(rest);
                if (next.isEmpty()) {
                    return new Rule(matches, rest, probability);
                }
                matches.add(next.get().match());
                rest = next.get().rest();
            }
        }

        Rule withProbability(double chance) {
            return new Rule(matches, action, chance);
        }

        boolean matches(Walk walk) {
            return matches.stream().allMatch(m -> m.test(walk));
        }
    }

    /** One match of a rule, as the compiler writes them. */
    @FunctionalInterface
    private interface Match {

        boolean test(Walk walk);

        record Parsed(Match match, String rest) {
        }

        Pattern ADDRESS = Pattern.compile("ip6? ([sd])addr (!= )?(\\{ [^}]* }|@\\S+|[0-9a-fA-F:]\\S*) ");
        Pattern PAIR = Pattern.compile("ip6? saddr \\. ip6? daddr @(\\S+) ");
        Pattern FIB = Pattern.compile("fib ([sd])addr type local ");
        Pattern PROTOCOL = Pattern.compile("meta l4proto (tcp|udp|sctp) ");
        Pattern PORT = Pattern.compile("(tcp|udp|sctp) dport (\\d+) ");
        Pattern MARK_UNSET = Pattern.compile("mark and (\\S+) == 0 ");

        /** The first match of {@code text} and what follows it, or empty when {@code text} starts with an action. */
        static Optional<Parsed> parse(String text) {
            if (text.startsWith("ct state new ")) {
                return Optional.of(new Parsed(walk -> true, text.substring(13)));
            }
            if (text.startsWith("ct status dnat ")) {
                return Optional.of(new Parsed(Walk::isDnatted, text.substring(15)));
            }
            Matcher m = PAIR.matcher(text);
            if (m.lookingAt()) {
                String set = m.group(1);
                return parsed(walk -> walk.setHas(set, walk.packet.source() + " . " + walk.destination), text, m);
            }
            if ((m = ADDRESS.matcher(text)).lookingAt()) {
                boolean source = m.group(1).equals("s");
                boolean negated = m.group(2) != null;
                String operand = m.group(3);
                return parsed(walk -> walk.addressIn(source ? walk.packet.source() : walk.destination, operand)
                        != negated, text, m);
            }
            if ((m = FIB.matcher(text)).lookingAt()) {
                boolean source = m.group(1).equals("s");
                return parsed(walk -> walk.isLocal(source ? walk.packet.source() : walk.destination), text, m);
            }
            if ((m = PROTOCOL.matcher(text)).lookingAt()) {
                String protocol = m.group(1);
                return parsed(walk -> walk.packet.protocol().name().equalsIgnoreCase(protocol), text, m);
            }
            if ((m = PORT.matcher(text)).lookingAt()) {
                String protocol = m.group(1);
                int port = Integer.parseInt(m.group(2));
                return parsed(walk -> walk.packet.protocol().name().equalsIgnoreCase(protocol)
                        && walk.packet.port() == port, text, m);
            }
            if ((m = MARK_UNSET.matcher(text)).lookingAt()) {
                return parsed(walk -> !walk.marked, text, m);
            }
            return Optional.empty();
        }

        private static Optional<Parsed> parsed(Match match, String text, Matcher matcher) {
            return Optional.of(new Parsed(match, text.substring(matcher.end())));
        }
    }
}
