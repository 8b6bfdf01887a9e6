package dev.junction.iptables.compile;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.Protocol;

/**
 * One match of a {@link Rule}, in the order it appears on the rule line. Only {@link RuleWriter} turns these into
 * text; the packet tracer evaluates them.
 */
public sealed interface Match {

    /** {@code -m comment --comment TEXT}; the writer quotes it when needed. */
    record Comment(String text) implements Match {
        public Comment {
            if (text.isEmpty() || hasUnsafeChar(text)) {
                throw new IllegalArgumentException("rule comment \"" + text
                        + "\" (expected: non-empty, without quotes, backslashes or line breaks)");
            }
        }

        private static boolean hasUnsafeChar(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\n' || c == '\r' || c == '\\') {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code -m tcp -p tcp}. */
    record Proto(Protocol protocol) implements Match {
    }

    /**
     * {@code [!] -s CIDR}. With {@code addressOnly} (a single address) it prints as a bare address, as kube-proxy
     * writes addresses; otherwise in CIDR notation, as it writes ranges ({@code ::1/128} included).
     */
    record Source(Cidr cidr, boolean negated, boolean addressOnly) implements Match {
    }

    /** {@code [!] -d CIDR}, printed as {@link Source} is. */
    record Destination(Cidr cidr, boolean negated, boolean addressOnly) implements Match {
    }

    /** {@code --dport PORT}; follows a {@link Proto}. */
    record DestinationPort(int port) implements Match {
        public DestinationPort {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("destination port " + port + " (expected: 1-65535)");
            }
        }
    }

    /** {@code -m addrtype --src-type LOCAL} or {@code --dst-type LOCAL}: an address assigned to this host. */
    record LocalAddress(Direction direction) implements Match {
    }

    /** {@code -m statistic --mode random --probability P}, P printed with ten decimals. */
    record RandomProbability(String probability) implements Match {
    }

    /** {@code -m recent --name LIST --rcheck --seconds S --reap}: the client was seen within S seconds. */
    record RecentCheck(Chain list, int seconds) implements Match {
    }

    /** {@code -m recent --name LIST --set}: remember the client's source address. */
    record RecentSet(Chain list) implements Match {
    }

    /** {@code -m mark [!] --mark M/M}. */
    record MarkSet(int mark, boolean negated) implements Match {
    }

    /** {@code -m conntrack [!] --ctstate STATES}. */
    record ConntrackState(String states, boolean negated) implements Match {
    }

    /** {@code -m nfacct --nfacct-name COUNTER}: counts the packet, always matches. */
    record Nfacct(String counter) implements Match {
    }

    /** Which address an {@link LocalAddress} match looks at. */
    enum Direction {
        SOURCE,
        DESTINATION
    }
}
