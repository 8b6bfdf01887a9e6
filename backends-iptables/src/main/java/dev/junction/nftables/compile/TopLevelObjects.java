package dev.junction.nftables.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * The Service-independent part of the table (upstream {@code setupNFTables}): what the base chains jump to, masquerade
 * marking, dispatch through the maps, the no-endpoint and firewall checks, and the reject for ClusterIP ports that
 * no Service defines.
 */
public final class TopLevelObjects {

    static final String SERVICES = "services";
    static final String MASQUERADING = "masquerading";
    static final String SERVICE_ENDPOINTS_CHECK = "service-endpoints-check";
    static final String NODEPORT_ENDPOINTS_CHECK = "nodeport-endpoints-check";
    static final String FIREWALL_CHECK = "firewall-check";
    /** Guards the ClusterIPs themselves: invalid ports rejected, unallocated addresses dropped. */
    public static final String CLUSTER_IPS_CHECK = "cluster-ips-check";

    private TopLevelObjects() {
    }

    static List<NftChain> chains(NftContext ctx) {
        NftRuleWriter w = ctx.writer();
        boolean anyAddress = ctx.nodePortsOnAnyAddress();
        List<NftChain> chains = new ArrayList<>();
        // reject is valid only on input, forward and output hooks (before kernel 5.9): the checks hang off those.
        chains.add(new NftChain(BaseChain.FILTER_PREROUTING.chainName(), List.of(w.jumpIfNew(FIREWALL_CHECK))));
        chains.add(new NftChain(BaseChain.FILTER_INPUT.chainName(),
                List.of(w.jumpIfNew(NODEPORT_ENDPOINTS_CHECK), w.jumpIfNew(SERVICE_ENDPOINTS_CHECK))));
        chains.add(new NftChain(BaseChain.FILTER_FORWARD.chainName(),
                List.of(w.jumpIfNew(SERVICE_ENDPOINTS_CHECK), w.jumpIfNew(CLUSTER_IPS_CHECK))));
        chains.add(new NftChain(BaseChain.FILTER_OUTPUT.chainName(),
                List.of(w.jumpIfNew(SERVICE_ENDPOINTS_CHECK), w.jumpIfNew(FIREWALL_CHECK))));
        chains.add(new NftChain(BaseChain.FILTER_OUTPUT_POST_DNAT.chainName(),
                List.of(w.jumpIfNew(CLUSTER_IPS_CHECK))));
        chains.add(new NftChain(BaseChain.NAT_PREROUTING.chainName(), List.of(w.jump(SERVICES))));
        chains.add(new NftChain(BaseChain.NAT_OUTPUT.chainName(), List.of(w.jump(SERVICES))));
        chains.add(new NftChain(BaseChain.NAT_POSTROUTING.chainName(), List.of(w.jump(MASQUERADING))));
        chains.add(new NftChain(NftRuleWriter.MARK_FOR_MASQUERADE, List.of(w.setMasqueradeMark())));
        chains.add(new NftChain(MASQUERADING, w.masquerading()));
        chains.add(new NftChain(NftRuleWriter.REJECT_CHAIN, List.of(w.reject())));
        chains.add(new NftChain(SERVICE_ENDPOINTS_CHECK, List.of(w.dispatchByAddress(NftMap.NO_ENDPOINT_SERVICES))));
        chains.add(new NftChain(NODEPORT_ENDPOINTS_CHECK,
                List.of(w.dispatchByNodePort(NftMap.NO_ENDPOINT_NODEPORTS, anyAddress))));
        chains.add(new NftChain(FIREWALL_CHECK, List.of(w.dispatchByAddress(NftMap.FIREWALL_IPS))));
        chains.add(new NftChain(CLUSTER_IPS_CHECK, clusterIpsCheck(ctx)));
        chains.add(new NftChain(SERVICES, List.of(w.dispatchByAddress(NftMap.SERVICE_IPS),
                w.dispatchByNodePort(NftMap.SERVICE_NODEPORTS, anyAddress))));
        return chains;
    }

    /** A valid ClusterIP on a port no Service defines is rejected; another address of a ServiceCIDR is dropped. */
    private static List<String> clusterIpsCheck(NftContext ctx) {
        NftRuleWriter w = ctx.writer();
        return ctx.serviceCidrs().isEmpty() ? List.of(w.rejectClusterIpsOnOtherPorts())
                : List.of(w.rejectClusterIpsOnOtherPorts(), w.dropUnallocatedClusterIps(ctx.serviceCidrs()));
    }

    /** The NodePort addresses, when restricted; loopback never serves NodePorts in nftables mode. */
    static List<NftElement> nodePortIps(NftContext ctx) {
        if (ctx.nodePortsOnAnyAddress()) {
            return List.of();
        }
        return ctx.nodePortAddresses().stream().filter(ip -> !ip.isLoopback())
                .map(ip -> NftElement.ofSet(NftMap.NODEPORT_IPS, ctx.writer().addressKey(ip))).toList();
    }
}
