package dev.junction.nftables.compile;

import dev.junction.core.net.IpFamily;

/**
 * The sets and verdict maps of kube-proxy's nftables table. Service dispatch is one lookup in a map keyed by
 * destination, protocol and port, however many Services there are: the reason a sync touches a handful of elements
 * instead of rewriting a chain.
 */
public enum NftMap {
    SERVICE_IPS("service-ips", Key.ADDRESS_PROTOCOL_PORT, true, "ClusterIP, ExternalIP and LoadBalancer IP traffic"),
    SERVICE_NODEPORTS("service-nodeports", Key.PROTOCOL_PORT, true, "NodePort traffic"),
    NO_ENDPOINT_SERVICES("no-endpoint-services", Key.ADDRESS_PROTOCOL_PORT, true,
            "vmap to drop or reject packets to services with no endpoints"),
    NO_ENDPOINT_NODEPORTS("no-endpoint-nodeports", Key.PROTOCOL_PORT, true,
            "vmap to drop or reject packets to service nodeports with no endpoints"),
    FIREWALL_IPS("firewall-ips", Key.ADDRESS_PROTOCOL_PORT, true,
            "destinations that are subject to LoadBalancerSourceRanges"),
    CLUSTER_IPS("cluster-ips", Key.ADDRESS, false, "Active ClusterIPs"),
    NODEPORT_IPS("nodeport-ips", Key.ADDRESS, false, "IPs that accept NodePort traffic"),
    /** {@code endpoint . endpoint} for every endpoint: a packet DNATed back to its own source is masqueraded. */
    HAIRPIN_ENDPOINTS("hairpin-endpoints", Key.ADDRESS_PAIR, false, "endpoints that may reach themselves");

    /** Whether several Services may hold the same element (one pod behind two Services): it is reference-counted. */
    public boolean isShared() {
        return this == HAIRPIN_ENDPOINTS;
    }

    private enum Key { ADDRESS, ADDRESS_PAIR, PROTOCOL_PORT, ADDRESS_PROTOCOL_PORT }

    private final String setName;
    private final Key key;
    private final boolean verdictMap;
    private final String comment;

    NftMap(String setName, Key key, boolean verdictMap, String comment) {
        this.setName = setName;
        this.key = key;
        this.verdictMap = verdictMap;
        this.comment = comment;
    }

    public String setName() {
        return setName;
    }

    /** A verdict map ({@code add map}); otherwise a plain set ({@code add set}). */
    public boolean isVerdictMap() {
        return verdictMap;
    }

    public String comment() {
        return comment;
    }

    /** The {@code type ...} clause for {@code family}. */
    String type(IpFamily family) {
        String address = family == IpFamily.IPV4 ? "ipv4_addr" : "ipv6_addr";
        String keyType = switch (key) {
            case ADDRESS -> address;
            case ADDRESS_PAIR -> address + " . " + address;
            case PROTOCOL_PORT -> "inet_proto . inet_service";
            case ADDRESS_PROTOCOL_PORT -> address + " . inet_proto . inet_service";
        };
        return verdictMap ? keyType + " : verdict" : keyType;
    }
}
