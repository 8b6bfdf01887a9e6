package dev.junction.iptables.apply;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads this host's state on each call: interfaces come and go, and the sysctl may be set after start. */
enum HostNodeFacts implements NodeFacts {
    INSTANCE;

    static final Path TCP_BE_LIBERAL = Path.of("/proc/sys/net/netfilter/nf_conntrack_tcp_be_liberal");

    @Override
    public List<IpAddress> localAddresses(List<Cidr> cidrs) throws SocketException {
        return LocalAddresses.within(cidrs);
    }

    @Override
    public boolean isTcpBeLiberal() {
        try {
            return Files.readString(TCP_BE_LIBERAL).strip().equals("1");
        } catch (IOException e) {
            return false; // no conntrack sysctl here: conntrack is strict by default
        }
    }
}
