package dev.junction.iptables.apply;

import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.config.NodePortAddresses;
import dev.junction.core.model.NodeInfo;
import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.compile.CompilerOptions;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the static settings plus what is true on the node right now (its Node object, and from {@link NodeFacts} its
 * interface addresses and the conntrack sysctl) into the compiler's options for one family. Re-evaluated on every
 * sync, as kube-proxy re-reads node addresses; a change forces a full sync.
 */
public final class CompilerOptionsSource {

    private final IptablesSettings settings;
    private final NodeFacts node;
    private final boolean nfacctCounters;

    public CompilerOptionsSource(IptablesSettings settings, NodeFacts node) {
        this(settings, node, false);
    }

    private CompilerOptionsSource(IptablesSettings settings, NodeFacts node, boolean nfacctCounters) {
        this.settings = settings;
        this.node = node;
        this.nfacctCounters = nfacctCounters;
    }

    /** This source for a host where kube-proxy's nfacct counters exist, so the rules count into them. */
    CompilerOptionsSource withNfacctCounters() {
        return new CompilerOptionsSource(settings, node, true);
    }

    public CompilerOptions forFamily(IpFamily family, ClusterSnapshot snapshot) throws SyncFailedException {
        CompilerOptions.Builder options = CompilerOptions.builder()
                .clusterCidrs(localTrafficCidrs(snapshot).stream().filter(c -> c.family() == family).toList())
                .masqueradeAll(settings.masqueradeAll())
                .masqueradeBit(settings.masqueradeBit())
                .localhostNodePorts(settings.localhostNodePorts())
                .nodeIps(nodeIps(family, snapshot))
                .serviceCidrs(snapshot.serviceCidrs(family))
                .randomFully(true)
                .conntrackTcpLiberal(node.isTcpBeLiberal())
                .nfacctCounters(nfacctCounters);
        NodePortAddresses nodePorts = settings.nodePortAddresses();
        if (!nodePorts.isAll()) {
            options.nodePortAddresses(nodePortAddresses(family, nodePorts, snapshot));
        }
        return options.build();
    }

    /** kube-proxy's local traffic detector: the cluster CIDRs, or with detectLocalMode NodeCIDR the Node's. */
    private List<Cidr> localTrafficCidrs(ClusterSnapshot snapshot) {
        if (settings.podCidrsFromNode()) {
            return snapshot.node().map(NodeInfo::podCidrs).orElse(List.of());
        }
        return settings.clusterCidrs();
    }

    /** The node's own addresses of a family: the bindAddress override, else the Node's InternalIP/ExternalIP. */
    private List<IpAddress> nodeIps(IpFamily family, ClusterSnapshot snapshot) {
        if (settings.nodeIpOverride().isPresent()) {
            return settings.nodeIpOverride().filter(ip -> ip.family() == family).stream().toList();
        }
        return snapshot.node().map(NodeInfo::addresses).orElse(List.of()).stream()
                .filter(ip -> ip.family() == family).toList();
    }

    private List<IpAddress> nodePortAddresses(IpFamily family, NodePortAddresses nodePorts, ClusterSnapshot snapshot)
            throws SyncFailedException {
        List<IpAddress> addresses = new ArrayList<>();
        if (nodePorts.primary()) {
            nodeIps(family, snapshot).stream().findFirst().ifPresent(addresses::add);
        }
        try {
            addresses.addAll(node.localAddresses(
                    nodePorts.cidrs().stream().filter(c -> c.family() == family).toList()));
        } catch (SocketException e) {
            throw new SyncFailedException("cannot list this node's addresses for nodePortAddresses "
                    + nodePorts.cidrs(), e);
        }
        return addresses.stream().distinct().sorted().toList();
    }
}
