package dev.junction.core.nfacct;

/**
 * The kernel's extended accounting objects ({@code nfnetlink_acct}): named packet and byte counters that iptables
 * rules count into with {@code -m nfacct --nfacct-name NAME}. A rule naming an object that does not exist fails to
 * load, so the objects are created before the rules.
 */
public interface Nfacct {

    /** The longest name the kernel takes ({@code NFACCT_NAME_MAX} is 32 with the terminating NUL). */
    int MAX_NAME_LENGTH = 31;

    /**
     * Creates the object {@code name} unless it exists; an existing one keeps its counts.
     *
     * @throws dev.junction.core.netlink.NetlinkException when the kernel refuses (no nfnetlink_acct: EPROTONOSUPPORT,
     *     no CAP_NET_ADMIN: EPERM) or does not answer
     */
    void ensure(String name);

    /**
     * The packets counted so far by the object {@code name}.
     *
     * @throws dev.junction.core.netlink.NetlinkException when it does not exist (ENOENT) or cannot be read
     */
    long packets(String name);
}
