package dev.junction.iptables.compile;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.util.List;

/**
 * How to compile, from kube-proxy's configuration and what the applier found on the node. Addresses of both families
 * may be given; each compile uses those of its family.
 *
 * @param clusterCidrs           kube-proxy's {@code clusterCIDR} (at most one per family): the local traffic
 *                               detector; none for a family means no detector
 * @param masqueradeAll          masquerade all traffic to ClusterIPs
 * @param masqueradeBit          the fwmark bit that asks KUBE-POSTROUTING to masquerade (default 14)
 * @param localhostNodePorts     accept NodePorts on 127.0.0.0/8 (IPv4 only; off unless the NodePort addresses
 *                               include an IPv4 loopback address, or are unrestricted)
 * @param nodePortsOnAnyAddress  NodePorts are open on every local address ({@code addrtype LOCAL}): kube-proxy's
 *                               unset {@code nodePortAddresses}
 * @param nodePortAddresses      otherwise, the node addresses NodePorts are open on, already resolved by the caller
 *                               from {@code nodePortAddresses} (possibly none)
 * @param nodeIps                this node's addresses: a load-balancer source range containing one of them also
 *                               admits the load-balancer IPs as sources
 * @param randomFully            {@code MASQUERADE --random-fully} (iptables supports it)
 * @param largeClusterThreshold  above this many endpoints, per-endpoint comments are left out (kube-proxy: 1000)
 * @param conntrackTcpLiberal    {@code nf_conntrack_tcp_be_liberal} is set, so INVALID packets are not dropped
 * @param nfacctCounters         the nfacct counters exist, so the rules count into them
 * @param serviceCidrs           the cluster's ServiceCIDRs: nftables drops traffic to addresses in them that no
 *                               Service holds (iptables has no such rule, as in kube-proxy)
 */
public record CompilerOptions(
        List<Cidr> clusterCidrs,
        boolean masqueradeAll,
        int masqueradeBit,
        boolean localhostNodePorts,
        boolean nodePortsOnAnyAddress,
        List<IpAddress> nodePortAddresses,
        List<IpAddress> nodeIps,
        boolean randomFully,
        int largeClusterThreshold,
        boolean conntrackTcpLiberal,
        boolean nfacctCounters,
        List<Cidr> serviceCidrs) {

    public static final int DEFAULT_MASQUERADE_BIT = 14;
    public static final int DEFAULT_LARGE_CLUSTER_THRESHOLD = 1_000;
    /** kube-proxy's nfacct counter of the localhost NodePort accept rule. */
    public static final String LOCALHOST_NODEPORTS_COUNTER = "localhost_nps_accepted_pkts";
    /** kube-proxy's nfacct counter of the KUBE-FORWARD ctstate INVALID drop rule. */
    public static final String INVALID_DROPPED_COUNTER = "ct_state_invalid_dropped_pkts";

    public CompilerOptions {
        clusterCidrs = List.copyOf(clusterCidrs);
        nodePortAddresses = List.copyOf(nodePortAddresses);
        nodeIps = List.copyOf(nodeIps);
        serviceCidrs = List.copyOf(serviceCidrs);
        if (masqueradeBit < 0 || masqueradeBit > 31) {
            throw new IllegalArgumentException("masqueradeBit " + masqueradeBit + " (expected: 0-31)");
        }
        if (nodePortsOnAnyAddress && !nodePortAddresses.isEmpty()) {
            throw new IllegalArgumentException(
                    "nodePortAddresses " + nodePortAddresses + " (expected: none when NodePorts are on any address)");
        }
        if (largeClusterThreshold < 0) {
            throw new IllegalArgumentException("largeClusterThreshold " + largeClusterThreshold + " (expected: >= 0)");
        }
        if (clusterCidrs.stream().map(Cidr::family).distinct().count() != clusterCidrs.size()) {
            throw new IllegalArgumentException("clusterCidrs " + clusterCidrs + " (expected: at most one per family)");
        }
    }

    /** kube-proxy's defaults: no detector, localhost NodePorts on, NodePorts on every local address. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().clusterCidrs(clusterCidrs).masqueradeAll(masqueradeAll).masqueradeBit(masqueradeBit)
                .localhostNodePorts(localhostNodePorts).nodePortAddresses(nodePortAddresses)
                .nodePortsOnAnyAddress(nodePortsOnAnyAddress).nodeIps(nodeIps)
                .randomFully(randomFully).largeClusterThreshold(largeClusterThreshold)
                .conntrackTcpLiberal(conntrackTcpLiberal).nfacctCounters(nfacctCounters).serviceCidrs(serviceCidrs);
    }

    /** Fluent construction; defaults as {@link #builder()} says. */
    public static final class Builder {
        private List<Cidr> clusterCidrs = List.of();
        private boolean masqueradeAll;
        private int masqueradeBit = DEFAULT_MASQUERADE_BIT;
        private boolean localhostNodePorts = true;
        private boolean nodePortsOnAnyAddress = true;
        private List<IpAddress> nodePortAddresses = List.of();
        private List<IpAddress> nodeIps = List.of();
        private boolean randomFully;
        private int largeClusterThreshold = DEFAULT_LARGE_CLUSTER_THRESHOLD;
        private boolean conntrackTcpLiberal;
        private boolean nfacctCounters;
        private List<Cidr> serviceCidrs = List.of();

        public Builder clusterCidrs(List<Cidr> value) {
            clusterCidrs = value;
            return this;
        }

        public Builder masqueradeAll(boolean value) {
            masqueradeAll = value;
            return this;
        }

        public Builder masqueradeBit(int value) {
            masqueradeBit = value;
            return this;
        }

        public Builder localhostNodePorts(boolean value) {
            localhostNodePorts = value;
            return this;
        }

        /** Restricts NodePorts to these addresses (turning off {@link #nodePortsOnAnyAddress}). */
        public Builder nodePortAddresses(List<IpAddress> value) {
            nodePortAddresses = value;
            nodePortsOnAnyAddress = false;
            return this;
        }

        public Builder nodePortsOnAnyAddress(boolean value) {
            nodePortsOnAnyAddress = value;
            return this;
        }

        public Builder nodeIps(List<IpAddress> value) {
            nodeIps = value;
            return this;
        }

        public Builder randomFully(boolean value) {
            randomFully = value;
            return this;
        }

        public Builder largeClusterThreshold(int value) {
            largeClusterThreshold = value;
            return this;
        }

        public Builder conntrackTcpLiberal(boolean value) {
            conntrackTcpLiberal = value;
            return this;
        }

        public Builder nfacctCounters(boolean value) {
            nfacctCounters = value;
            return this;
        }

        public Builder serviceCidrs(List<Cidr> value) {
            serviceCidrs = value;
            return this;
        }

        public CompilerOptions build() {
            return new CompilerOptions(clusterCidrs, masqueradeAll, masqueradeBit, localhostNodePorts,
                    nodePortsOnAnyAddress, nodePortAddresses, nodeIps, randomFully, largeClusterThreshold, conntrackTcpLiberal,
                    nfacctCounters, serviceCidrs);
        }
    }
}
