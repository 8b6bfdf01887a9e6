package dev.junction.iptables.compile;

import java.util.Set;

/**
 * An iptables chain name: a kernel built-in chain ({@code PREROUTING}, ...) or one of ours ({@code KUBE-...}).
 * Per-Service chain names come from {@link ChainNames}; the fixed chains are the constants here.
 */
public record Chain(String name) implements Comparable<Chain> {

    public static final Chain PREROUTING = new Chain("PREROUTING");
    public static final Chain INPUT = new Chain("INPUT");
    public static final Chain FORWARD = new Chain("FORWARD");
    public static final Chain OUTPUT = new Chain("OUTPUT");
    public static final Chain POSTROUTING = new Chain("POSTROUTING");

    public static final Chain KUBE_SERVICES = new Chain("KUBE-SERVICES");
    public static final Chain KUBE_EXTERNAL_SERVICES = new Chain("KUBE-EXTERNAL-SERVICES");
    public static final Chain KUBE_NODEPORTS = new Chain("KUBE-NODEPORTS");
    public static final Chain KUBE_POSTROUTING = new Chain("KUBE-POSTROUTING");
    public static final Chain KUBE_MARK_MASQ = new Chain("KUBE-MARK-MASQ");
    public static final Chain KUBE_FORWARD = new Chain("KUBE-FORWARD");
    public static final Chain KUBE_PROXY_FIREWALL = new Chain("KUBE-PROXY-FIREWALL");
    public static final Chain KUBE_PROXY_CANARY = new Chain("KUBE-PROXY-CANARY");
    /** kubelet's anti-martian chain, duplicated by kube-proxy (upstream {@code kubeletFirewallChain}). */
    public static final Chain KUBE_FIREWALL = new Chain("KUBE-FIREWALL");

    private static final Set<String> BUILT_IN = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");
    /** iptables limits chain names to 28 characters. */
    private static final int MAX_LENGTH = 28;

    public Chain {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !isValidName(name)) {
            throw new IllegalArgumentException("chain name \"" + name + "\" (expected: 1-" + MAX_LENGTH
                    + " characters of A-Z, a-z, 0-9, - and _)");
        }
    }

    /** Whether the kernel owns this chain, so that we may only insert jump rules into it, never restore it. */
    public boolean isBuiltIn() {
        return BUILT_IN.contains(name);
    }

    @Override
    public int compareTo(Chain other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }

    private static boolean isValidName(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
