package dev.junction.iptables.apply;

import dev.junction.core.config.DetectLocalMode;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the iptables backend takes from the agent's configuration.
 *
 * @param families           the IP families to program
 * @param clusterCidrs       the local-traffic detector's CIDRs (kube-proxy's clusterCIDR); empty = no detector
 * @param podCidrsFromNode   detectLocalMode NodeCIDR: use the Node's {@code spec.podCIDRs} instead
 * @param nodePortAddresses  where NodePorts are served; {@link NodePortAddresses#isAll()} = every local address
 * @param nodeIpOverride     kube-proxy's bindAddress, when set: the node's primary IP
 */
public record IptablesSettings(
        Set<IpFamily> families,
        List<Cidr> clusterCidrs,
        boolean podCidrsFromNode,
        boolean masqueradeAll,
        int masqueradeBit,
        boolean localhostNodePorts,
        NodePortAddresses nodePortAddresses,
        Optional<IpAddress> nodeIpOverride) {

    public IptablesSettings {
        if (families.isEmpty()) {
            throw new IllegalArgumentException("families (expected: IPv4, IPv6 or both)");
        }
        families = Collections.unmodifiableSet(EnumSet.copyOf(families)); // IPv4 first, in logs and syncs
        clusterCidrs = List.copyOf(clusterCidrs);
    }

    /** The iptables part of the agent's configuration, for the given families. */
    public static IptablesSettings of(ProxyConfig config, Set<IpFamily> families) {
        return new IptablesSettings(families, config.clusterCidrs(),
                config.detectLocal().mode() == DetectLocalMode.NODE_CIDR, config.rules().masqueradeAll(),
                config.rules().masqueradeBit(), config.rules().localhostNodePorts(), config.nodePortAddresses(),
                config.nodeIpOverride());
    }
}
