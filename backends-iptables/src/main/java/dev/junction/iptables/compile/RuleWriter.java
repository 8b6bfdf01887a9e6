package dev.junction.iptables.compile;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The only place that turns rules into iptables-restore text, as kube-proxy's {@code LineBuffer}: table headers,
 * {@code :CHAIN - [0:0]} lines, {@code -A} rules (quoting comments in one place), {@code -X} deletions and
 * {@code COMMIT}. It counts the rule lines written per table for the rules metrics. One writer per rendering; not
 * thread-safe.
 */
public final class RuleWriter {

    private final StringBuilder text;
    private final Map<Table, Integer> ruleLines = new EnumMap<>(Table.class);
    private Table current;

    public RuleWriter() {
        this(4_096);
    }

    RuleWriter(int capacity) {
        text = new StringBuilder(capacity);
    }

    /** One rule as its {@code -A ...} line without the line break, for logs and {@code junction explain}. */
    public static String renderRule(Rule rule) {
        StringBuilder line = new StringBuilder(128);
        appendRule(line, rule);
        return line.toString();
    }

    /**
     * One rule as the arguments that follow the chain name on an {@code iptables -C/-I CHAIN} command line: the
     * tokens of its {@code -A} line, with the comment unquoted (comments never contain quotes, see appendComment).
     */
    public static List<String> ruleArguments(Rule rule) {
        String line = renderRule(rule);
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                tokens.add(token.toString());
                token.setLength(0);
            } else {
                token.append(c);
            }
        }
        tokens.add(token.toString());
        return List.copyOf(tokens.subList(2, tokens.size()));
    }

    public RuleWriter beginTable(Table table) {
        current = table;
        ruleLines.putIfAbsent(table, 0);
        text.append('*').append(table.iptablesName()).append('\n');
        return this;
    }

    /** {@code :CHAIN - [0:0]}: declares the chain and, in a restore with --noflush, empties it. */
    public RuleWriter chainHeader(Chain chain) {
        requireTable();
        text.append(':').append(chain.name()).append(" - [0:0]\n");
        return this;
    }

    public RuleWriter rule(Rule rule) {
        requireTable();
        appendRule(text, rule);
        text.append('\n');
        ruleLines.merge(current, 1, Integer::sum);
        return this;
    }

    /** {@code -X CHAIN}: deletes a chain, which must be emptied by a {@link #chainHeader} in the same table. */
    public RuleWriter deleteChain(Chain chain) {
        requireTable();
        text.append("-X ").append(chain.name()).append('\n');
        return this;
    }

    public RuleWriter commit() {
        requireTable();
        text.append("COMMIT\n");
        current = null;
        return this;
    }

    /** The number of {@code -A} lines written into a table so far. */
    public int ruleLines(Table table) {
        return ruleLines.getOrDefault(table, 0);
    }

    public String text() {
        return text.toString();
    }

    private void requireTable() {
        if (current == null) {
            throw new IllegalStateException("iptables-restore line outside a table (expected: beginTable first)");
        }
    }

    private static void appendRule(StringBuilder line, Rule rule) {
        line.append("-A ").append(rule.chain().name());
        for (Match match : rule.matches()) {
            appendMatch(line, match);
        }
        appendTarget(line, rule.target());
    }

    private static void appendMatch(StringBuilder line, Match match) {
        switch (match) {
            case Match.Comment c -> appendComment(line, c.text());
            case Match.Proto p -> line.append(protocolMatch(p.protocol()));
            case Match.Source s -> appendAddress(line, s.negated(), " -s ", s.cidr(), s.addressOnly());
            case Match.Destination d -> appendAddress(line, d.negated(), " -d ", d.cidr(), d.addressOnly());
            case Match.DestinationPort p -> line.append(" --dport ").append(p.port());
            case Match.LocalAddress l -> line.append(" -m addrtype ")
                    .append(l.direction() == Match.Direction.SOURCE ? "--src-type" : "--dst-type").append(" LOCAL");
            case Match.RandomProbability p -> line.append(" -m statistic --mode random --probability ")
                    .append(p.probability());
            case Match.RecentCheck r -> line.append(" -m recent --name ").append(r.list().name())
                    .append(" --rcheck --seconds ").append(r.seconds()).append(" --reap");
            case Match.RecentSet r -> line.append(" -m recent --name ").append(r.list().name()).append(" --set");
            case Match.MarkSet m -> line.append(" -m mark").append(m.negated() ? " !" : "").append(" --mark ")
                    .append(hex(m.mark())).append('/').append(hex(m.mark()));
            case Match.ConntrackState c -> line.append(" -m conntrack").append(c.negated() ? " !" : "")
                    .append(" --ctstate ").append(c.states());
            case Match.Nfacct n -> line.append(" -m nfacct --nfacct-name ").append(n.counter());
        }
    }

    private static void appendTarget(StringBuilder line, Target target) {
        switch (target) {
            case Target.Jump j -> line.append(" -j ").append(j.chain().name());
            case Target.Verdict v -> line.append(" -j ").append(v.name());
            case Target.Dnat d -> appendDnat(line, d.ip(), d.port());
            case Target.Redirect r -> line.append(" -j REDIRECT --to-ports ").append(r.port());
            case Target.OrMark m -> line.append(" -j MARK --or-mark ").append(hex(m.mark()));
            case Target.XorMark m -> line.append(" -j MARK --xor-mark ").append(hex(m.mark()));
            case Target.Masquerade m -> line.append(" -j MASQUERADE").append(m.randomFully() ? " --random-fully" : "");
            case Target.None n -> {
            }
        }
    }

    /** kube-proxy quotes comments with spaces and leaves single words bare; iptables-restore reads both. */
    private static void appendComment(StringBuilder line, String comment) {
        line.append(" -m comment --comment ");
        if (comment.indexOf(' ') >= 0 || comment.indexOf('\t') >= 0) {
            line.append('"').append(comment).append('"');
        } else {
            line.append(comment);
        }
    }

    private static void appendAddress(StringBuilder line, boolean negated, String flag, Cidr cidr,
            boolean addressOnly) {
        if (negated) {
            line.append(" !");
        }
        line.append(flag);
        if (addressOnly) {
            line.append(cidr.network());
        } else {
            line.append(cidr);
        }
    }

    private static void appendDnat(StringBuilder line, IpAddress ip, int port) {
        line.append(" -j DNAT --to-destination ");
        if (ip.family() == IpFamily.IPV6) {
            line.append('[').append(ip).append(']');
        } else {
            line.append(ip);
        }
        line.append(':').append(port);
    }

    private static String protocolMatch(Protocol protocol) {
        return switch (protocol) {
            case TCP -> " -m tcp -p tcp";
            case UDP -> " -m udp -p udp";
            case SCTP -> " -m sctp -p sctp";
        };
    }

    private static String hex(int mark) {
        return "0x" + Integer.toHexString(mark);
    }
}
