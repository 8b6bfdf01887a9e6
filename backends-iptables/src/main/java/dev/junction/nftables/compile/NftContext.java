package dev.junction.nftables.compile;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.iptables.compile.CompilerOptions;
import java.util.List;
import java.util.Optional;

/**
 * The options of one compile, resolved for its IP family. nftables ignores the iptables-only options (localhost
 * NodePorts, {@code --random-fully}, large-cluster comments): kube-proxy's nftables mode never serves NodePorts on
 * loopback and always masquerades fully-random.
 *
 * @param localDetector the cluster CIDR of this family (kube-proxy's ClusterCIDR local traffic detector)
 * @param serviceCidrs  the ServiceCIDRs of this family, without those inside another (ServiceCIDRs may overlap, and
 *                      not every nft merges overlapping elements of a set)
 */
record NftContext(
        IpFamily family,
        NftRuleWriter writer,
        Optional<Cidr> localDetector,
        boolean masqueradeAll,
        boolean nodePortsOnAnyAddress,
        List<IpAddress> nodePortAddresses,
        List<IpAddress> nodeIps,
        List<Cidr> serviceCidrs) {

    static NftContext of(IpFamily family, CompilerOptions options) {
        return new NftContext(
                family,
                new NftRuleWriter(family, 1 << options.masqueradeBit()),
                options.clusterCidrs().stream().filter(c -> c.family() == family).findFirst(),
                options.masqueradeAll(),
                options.nodePortsOnAnyAddress(),
                ofFamily(options.nodePortAddresses(), family),
                ofFamily(options.nodeIps(), family),
                outermost(options.serviceCidrs().stream().filter(c -> c.family() == family).toList()));
    }

    private static List<Cidr> outermost(List<Cidr> cidrs) {
        return cidrs.stream().filter(inner -> cidrs.stream().noneMatch(outer -> !outer.equals(inner)
                && outer.prefixLength() <= inner.prefixLength() && outer.contains(inner.network()))).toList();
    }

    private static List<IpAddress> ofFamily(List<IpAddress> addresses, IpFamily family) {
        return addresses.stream().filter(a -> a.family() == family).toList();
    }
}
