package dev.junction.iptables.compile;

import dev.junction.core.net.IpAddress;

/** What a {@link Rule} does when all of its matches match. */
public sealed interface Target {

    /** A rule without {@code -j}: it only counts packets (kube-proxy's comment-only FW chain terminator). */
    Target NONE = new None();

    /** {@code -j CHAIN}. */
    record Jump(Chain chain) implements Target {
    }

    /** {@code -j DNAT --to-destination IP:PORT}. */
    record Dnat(IpAddress ip, int port) implements Target {
    }

    /** {@code -j REDIRECT --to-ports PORT}: to a local socket on {@code port} (the userspace proxy's listeners). */
    record Redirect(int port) implements Target {
        public Redirect {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("REDIRECT port " + port + " (expected: 1-65535)");
            }
        }
    }

    /** {@code -j MARK --or-mark M}. */
    record OrMark(int mark) implements Target {
    }

    /** {@code -j MARK --xor-mark M}. */
    record XorMark(int mark) implements Target {
    }

    /** {@code -j MASQUERADE [--random-fully]}. */
    record Masquerade(boolean randomFully) implements Target {
    }

    /** No target at all; see {@link #NONE}. */
    record None() implements Target {
    }

    /** The built-in terminating targets. */
    enum Verdict implements Target {
        ACCEPT,
        DROP,
        REJECT,
        RETURN
    }
}
