package dev.junction.core.config;

import java.util.Locale;

/** The data plane Junction programs, spelled in lower case in flags and config files as kube-proxy spells it. */
public enum ProxyMode {
    IPTABLES,
    NFTABLES,
    IPVS,
    USERSPACE;

    /** The spelling used by {@code --proxy-mode} and a config file's {@code mode}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a lower-case mode name; the message of the exception lists the valid names. */
    public static ProxyMode parse(String text) {
        return EnumSpelling.parse(values(), text);
    }

    @Override
    public String toString() {
        return cliName();
    }
}
