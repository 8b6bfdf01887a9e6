package dev.junction.nftables.compile;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one place nftables rule, key and verdict text is built, from typed pieces (as the iptables side's
 * {@code RuleWriter}). Each method returns one rule as {@code add rule} takes it after the chain name. Immutable.
 */
final class NftRuleWriter {

    static final String MARK_FOR_MASQUERADE = "mark-for-masquerade";
    static final String REJECT_CHAIN = "reject-chain";

    private final IpFamily family;
    private final String ip;
    private final String mark;

    NftRuleWriter(IpFamily family, int masqueradeMark) {
        this.family = family;
        this.ip = familyKeyword(family);
        this.mark = String.format("0x%08x", masqueradeMark);
    }

    static String familyKeyword(IpFamily family) {
        return family == IpFamily.IPV4 ? "ip" : "ip6";
    }

    String jumpIfNew(String chain) {
        return "ct state new jump " + chain;
    }

    String jump(String chain) {
        return "jump " + chain;
    }

    String goTo(String chain) {
        return "goto " + chain;
    }

    String setMasqueradeMark() {
        return "mark set mark or " + mark;
    }

    /** Hairpin traffic is recognised after DNAT, by its source and destination both being the endpoint. */
    List<String> masquerading() {
        return List.of("ct status dnat " + ip + " saddr . " + ip + " daddr @" + NftMap.HAIRPIN_ENDPOINTS.setName()
                        + " jump " + MARK_FOR_MASQUERADE,
                "mark and " + mark + " == 0 return", "mark set mark xor " + mark, "masquerade fully-random");
    }

    String reject() {
        return "reject";
    }

    String rejectClusterIpsOnOtherPorts() {
        return ip + " daddr @" + NftMap.CLUSTER_IPS.setName() + " reject"
                + comment("Reject traffic to invalid ports of ClusterIPs");
    }

    /**
     * Drops what is left for the ServiceCIDRs after every Service's own rules (upstream's rule after the reject): an
     * address no Service holds, which would otherwise leave by the default route.
     */
    String dropUnallocatedClusterIps(List<Cidr> serviceCidrs) {
        return ip + " daddr { " + serviceCidrs.stream().map(Cidr::toString).collect(Collectors.joining(", ")) + " } drop"
                + comment("Drop traffic to unallocated ClusterIPs");
    }

    /** Looks up destination, protocol and port in {@code map}: Service dispatch and its no-endpoint twin. */
    String dispatchByAddress(NftMap map) {
        return ip + " daddr . meta l4proto . th dport vmap @" + map.setName();
    }

    /** Looks up NodePorts in {@code map}, on every local address but loopback or on {@code nodeport-ips} only. */
    String dispatchByNodePort(NftMap map, boolean onAnyAddress) {
        String addresses = onAnyAddress
                ? "fib daddr type local " + ip + " daddr != " + (family == IpFamily.IPV4 ? "127.0.0.0/8" : "::1")
                : ip + " daddr @" + NftMap.NODEPORT_IPS.setName();
        return addresses + " meta l4proto . th dport vmap @" + map.setName();
    }

    String masqueradeToClusterIp(IpAddress clusterIp, Protocol protocol, int port) {
        return ip + " daddr " + clusterIp + " " + protocol.lowerCase() + " dport " + port + " jump "
                + MARK_FOR_MASQUERADE;
    }

    String masqueradeToClusterIpFromOutside(IpAddress clusterIp, Protocol protocol, int port, Cidr podCidr) {
        return ip + " daddr " + clusterIp + " " + protocol.lowerCase() + " dport " + port + " " + ip + " saddr != "
                + podCidr + " jump " + MARK_FOR_MASQUERADE;
    }

    String fromPods(Cidr podCidr, String chain) {
        return ip + " saddr " + podCidr + " goto " + chain + comment("short-circuit pod traffic");
    }

    String masqueradeLocalSource() {
        return "fib saddr type local jump " + MARK_FOR_MASQUERADE + comment("masquerade local traffic");
    }

    String fromLocalSource(String chain) {
        return "fib saddr type local goto " + chain + comment("short-circuit local traffic");
    }

    /** The load-balancer source ranges filter: drops sources outside {@code ranges} and {@code alsoAllowed}. */
    String dropUnlessFrom(List<Cidr> ranges, List<IpAddress> alsoAllowed) {
        String sources = Stream.concat(ranges.stream().map(Cidr::toString),
                alsoAllowed.stream().map(IpAddress::toString)).collect(Collectors.joining(", "));
        return ip + " saddr != { " + sources + " } drop";
    }

    String stickToEndpoint(String affinitySet, String endpointChain) {
        return ip + " saddr @" + affinitySet + " goto " + endpointChain;
    }

    String balance(List<String> endpointChains) {
        StringBuilder rule = new StringBuilder("numgen random mod ").append(endpointChains.size()).append(" vmap { ");
        for (int i = 0; i < endpointChains.size(); i++) {
            rule.append(i == 0 ? "" : ", ").append(i).append(" : goto ").append(endpointChains.get(i));
        }
        return rule.append(" }").toString();
    }

    /**
     * Picks an endpoint uniformly and DNATs to it, with neither a per-endpoint chain nor an anonymous map (the kernel
     * allocates anonymous set names by scanning every set, and nft lists them before each transaction): rule i of N
     * takes 1 in N-i of what reaches it, as iptables' statistic cascade does, and the last takes the rest.
     */
    List<String> balanceAndDnat(Protocol protocol, List<Endpoint> endpoints) {
        List<String> rules = new ArrayList<>(endpoints.size());
        int count = endpoints.size();
        for (int i = 0; i < count; i++) {
            String pick = i < count - 1 ? "numgen random mod " + (count - i) + " == 0 " : "";
            rules.add("meta l4proto " + protocol.lowerCase() + " " + pick + "dnat to " + endpoints.get(i).hostPort());
        }
        return rules;
    }

    String hairpinKey(Endpoint endpoint) {
        return endpoint.ip() + " . " + endpoint.ip();
    }

    String rememberClient(String affinitySet) {
        return "update @" + affinitySet + " { " + ip + " saddr }";
    }

    String dnat(Protocol protocol, Endpoint endpoint) {
        return "meta l4proto " + protocol.lowerCase() + " dnat to " + endpoint.hostPort();
    }

    String addressKey(IpAddress address, Protocol protocol, int port) {
        return address + " . " + protocol.lowerCase() + " . " + port;
    }

    String portKey(Protocol protocol, int port) {
        return protocol.lowerCase() + " . " + port;
    }

    String addressKey(IpAddress address) {
        return address.toString();
    }

    /** What a packet gets when nothing may serve it: REJECT (no endpoint anywhere) or DROP (none local). */
    String unservedVerdict(boolean reject) {
        return reject ? goTo(REJECT_CHAIN) : "drop";
    }

    private static String comment(String text) {
        return " comment \"" + text + "\"";
    }
}
