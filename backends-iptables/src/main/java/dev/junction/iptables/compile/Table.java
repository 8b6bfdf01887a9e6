package dev.junction.iptables.compile;

/** The iptables tables Junction writes, in the order kube-proxy restores them. */
public enum Table {
    FILTER("filter"),
    NAT("nat"),
    MANGLE("mangle");

    private final String iptablesName;

    Table(String iptablesName) {
        this.iptablesName = iptablesName;
    }

    /** The name after {@code *} in iptables-restore input and after {@code -t} on the command line. */
    public String iptablesName() {
        return iptablesName;
    }

    @Override
    public String toString() {
        return iptablesName;
    }
}
