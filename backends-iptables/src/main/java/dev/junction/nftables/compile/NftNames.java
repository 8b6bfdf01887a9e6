package dev.junction.nftables.compile;

import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePortName;
import dev.junction.iptables.compile.ChainNames;

/**
 * kube-proxy's nftables object names (upstream {@code servicePortChainNameBase}, {@code
 * servicePortEndpointChainNameBase} and {@code hashAndTruncate}), so that Junction and kube-proxy name the same Service
 * port the same way: {@code service-ULMVA6XW-ns1/svc1/tcp/p80}, {@code endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80}.
 *
 * <p>A base is {@code ns/name/protocol/portName} (plus {@code __ip/port} for an endpoint, with an IPv6 address's colons
 * turned into dots), prefixed with the first 8 base32 characters of its sha256 and cut to 240 characters. Our
 * per-Service chains are exactly those whose name contains a {@code /}; none of the fixed chains does.
 */
public final class NftNames {

    static final String CLUSTER_POLICY_PREFIX = "service-";
    static final String LOCAL_POLICY_PREFIX = "local-";
    static final String EXTERNAL_PREFIX = "external-";
    static final String FIREWALL_PREFIX = "firewall-";
    static final String ENDPOINT_PREFIX = "endpoint-";
    static final String AFFINITY_PREFIX = "affinity-";

    /** nftables allows 256 characters; the longest prefix ({@code endpoint-}) fits in the 16 kept for it. */
    private static final int BASE_LENGTH_MAX = 256 - 16;
    private static final int HASH_LENGTH = 8;

    private NftNames() {
    }

    /** The per-port chains of one Service port, named once per compile. */
    public record PortNames(String clusterPolicy, String localPolicy, String external, String firewall) {

        public static PortNames of(ServicePortName name) {
            String base = hashAndTruncate(portBase(name));
            return new PortNames(CLUSTER_POLICY_PREFIX + base, LOCAL_POLICY_PREFIX + base, EXTERNAL_PREFIX + base,
                    FIREWALL_PREFIX + base);
        }
    }

    /** The chain one endpoint of a port DNATs in. */
    public static String endpointChain(ServicePortName name, Endpoint endpoint) {
        return ENDPOINT_PREFIX + endpointBase(name, endpoint);
    }

    /** The set that remembers which clients an endpoint serves under ClientIP affinity. */
    public static String affinitySet(ServicePortName name, Endpoint endpoint) {
        return AFFINITY_PREFIX + endpointBase(name, endpoint);
    }

    /** Whether a chain is one of our per-Service chains: the only chains stale cleanup may delete. */
    public static boolean isServiceChain(String chain) {
        return chain.contains("/");
    }

    /** Whether a set is one of our per-endpoint affinity sets. */
    public static boolean isAffinitySet(String set) {
        return set.startsWith(AFFINITY_PREFIX);
    }

    private static String portBase(ServicePortName name) {
        return name.service().namespace() + "/" + name.service().name() + "/" + name.protocol().lowerCase() + "/"
                + name.port();
    }

    private static String endpointBase(ServicePortName name, Endpoint endpoint) {
        return hashAndTruncate(portBase(name) + "__" + endpoint.ip().toString().replace(':', '.') + "/"
                + endpoint.port());
    }

    /** The hash keeps a truncated name unique and sets apart names that differ in one digit at the end. */
    private static String hashAndTruncate(String name) {
        String hashed = ChainNames.hash(name).substring(0, HASH_LENGTH) + "-" + name;
        return hashed.length() > BASE_LENGTH_MAX ? hashed.substring(0, BASE_LENGTH_MAX - 3) + "..." : hashed;
    }
}
