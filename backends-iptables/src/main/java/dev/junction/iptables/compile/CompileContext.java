package dev.junction.iptables.compile;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import java.util.List;
import java.util.Optional;

/**
 * The options of one compile, resolved for its IP family.
 *
 * @param localDetector       the cluster CIDR of this family (kube-proxy's ClusterCIDR local traffic detector)
 * @param localhostNodePorts  localhost NodePorts in effect: IPv4, asked for, and allowed by the NodePort addresses
 * @param largeClusterMode    more endpoints than the threshold: leave out per-endpoint comments
 */
record CompileContext(
        IpFamily family,
        CompilerOptions options,
        int masqueradeMark,
        Optional<Cidr> localDetector,
        boolean localhostNodePorts,
        List<IpAddress> nodePortAddresses,
        List<IpAddress> nodeIps,
        boolean largeClusterMode) {

    static final Cidr IPV4_LOOPBACK = Cidr.parse("127.0.0.0/8");
    static final Cidr IPV6_LOOPBACK = Cidr.parse("::1/128");

    static CompileContext of(IpFamily family, CompilerOptions options, boolean largeClusterMode) {
        Optional<Cidr> detector = options.clusterCidrs().stream().filter(c -> c.family() == family).findFirst();
        List<IpAddress> nodePortAddresses = ofFamily(options.nodePortAddresses(), family);
        // Upstream NewProxier: localhost NodePorts need IPv4 and NodePort addresses that include IPv4 loopback.
        boolean loopbackAllowed = options.nodePortsOnAnyAddress()
                || nodePortAddresses.stream().anyMatch(IpAddress::isLoopback);
        boolean localhost = options.localhostNodePorts() && family == IpFamily.IPV4 && loopbackAllowed;
        return new CompileContext(family, options, 1 << options.masqueradeBit(), detector, localhost,
                nodePortAddresses, ofFamily(options.nodeIps(), family), largeClusterMode);
    }

    /** No NodePort addresses were configured: NodePorts are open on every local address. */
    boolean matchesAllNodePortAddresses() {
        return options.nodePortsOnAnyAddress();
    }

    boolean masqueradeAll() {
        return options.masqueradeAll();
    }

    boolean nfacctCounters() {
        return options.nfacctCounters();
    }

    private static List<IpAddress> ofFamily(List<IpAddress> addresses, IpFamily family) {
        return addresses.stream().filter(a -> a.family() == family).toList();
    }
}
