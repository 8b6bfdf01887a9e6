package dev.junction.iptables.apply;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.net.SocketException;
import java.util.List;

/**
 * What the compiler's options depend on besides the configuration and the snapshot: facts about the node Junction runs
 * on. {@link #host()} reads them from this network namespace on every call; {@code junction rules} and
 * {@code junction explain} pass fixed values, so they never look at the machine they run on.
 */
public interface NodeFacts {

    /** The node's interface addresses inside any of {@code cidrs}, sorted, for {@code nodePortAddresses}. */
    List<IpAddress> localAddresses(List<Cidr> cidrs) throws SocketException;

    /** Whether {@code nf_conntrack_tcp_be_liberal} is set: kube-proxy then leaves out its INVALID drop rule. */
    boolean isTcpBeLiberal();

    /** This host's interfaces and sysctls. */
    static NodeFacts host() {
        return HostNodeFacts.INSTANCE;
    }

    /** Fixed facts: {@code addresses} are the node's, filtered by CIDR on each call. */
    static NodeFacts fixed(List<IpAddress> addresses, boolean tcpBeLiberal) {
        List<IpAddress> copy = addresses.stream().distinct().sorted().toList();
        return new NodeFacts() {
            @Override
            public List<IpAddress> localAddresses(List<Cidr> cidrs) {
                return copy.stream().filter(ip -> cidrs.stream().anyMatch(cidr -> cidr.contains(ip))).toList();
            }

            @Override
            public boolean isTcpBeLiberal() {
                return tcpBeLiberal;
            }
        };
    }
}
