package dev.junction.iptables.compile;

import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * kube-proxy's per-Service chain names (upstream {@code portProtoHash} and {@code servicePortEndpointChainName}), so
 * that Junction and kube-proxy name the same Service the same way and can clean up after each other.
 *
 * <p>A port's hash is the first 16 characters of base32(sha256({@code ns/name:port} + protocol)), protocol in lower
 * case; an endpoint's adds {@code ip:port} ({@code [ip]:port} for IPv6). Thread-safe and stateless.
 */
public final class ChainNames {

    static final String CLUSTER_POLICY_PREFIX = "KUBE-SVC-";
    static final String LOCAL_POLICY_PREFIX = "KUBE-SVL-";
    static final String EXTERNAL_PREFIX = "KUBE-EXT-";
    static final String FIREWALL_PREFIX = "KUBE-FW-";
    static final String ENDPOINT_PREFIX = "KUBE-SEP-";

    private static final List<String> SERVICE_CHAIN_PREFIXES =
            List.of(CLUSTER_POLICY_PREFIX, LOCAL_POLICY_PREFIX, ENDPOINT_PREFIX, FIREWALL_PREFIX, EXTERNAL_PREFIX);
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int HASH_LENGTH = 16;
    private static final MessageDigest SHA256_PROTOTYPE = newSha256();

    private ChainNames() {
    }

    /** The four chains of one Service port; computed once per port. */
    public record ServiceChains(Chain clusterPolicy, Chain localPolicy, Chain external, Chain firewall) {

        public static ServiceChains of(ServicePortName name) {
            String hash = portProtoHash(name);
            return new ServiceChains(new Chain(CLUSTER_POLICY_PREFIX + hash), new Chain(LOCAL_POLICY_PREFIX + hash),
                    new Chain(EXTERNAL_PREFIX + hash), new Chain(FIREWALL_PREFIX + hash));
        }
    }

    /**
     * Whether a chain is a per-Service chain that Junction (or kube-proxy) owns: the only chains stale cleanup may
     * delete (upstream {@code isServiceChainName}).
     */
    public static boolean isOurServiceChain(String chainName) {
        for (String prefix : SERVICE_CHAIN_PREFIXES) {
            if (chainName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The 16-character hash shared by the KUBE-SVC-, SVL-, EXT- and FW- chains of a port. */
    public static String portProtoHash(ServicePortName name) {
        return hash(hashPrefix(name));
    }

    /** The KUBE-SEP- chain of one endpoint of a port. */
    public static Chain endpointChain(ServicePortName name, Endpoint endpoint) {
        return endpointChain(hashPrefix(name), endpoint);
    }

    /** What every endpoint hash of a port starts with: {@code ns/name:port} and the protocol. */
    static String hashPrefix(ServicePortName name) {
        return name + name.protocol().lowerCase();
    }

    /** As {@link #endpointChain(ServicePortName, Endpoint)}, with the port's {@link #hashPrefix} computed once. */
    static Chain endpointChain(String hashPrefix, Endpoint endpoint) {
        return new Chain(ENDPOINT_PREFIX + hash(hashPrefix + endpoint.hostPort()));
    }

    /**
     * The first 16 characters of base32(sha256(input)): the hash in kube-proxy's iptables chain names, whose first 8
     * characters are also the hash in its nftables names.
     */
    public static String hash(String input) {
        return base32Prefix(sha256().digest(input.getBytes(StandardCharsets.UTF_8)));
    }

    /** The first 16 base32 characters: exactly the encoding of the first 10 bytes, 5 bits per character. */
    private static String base32Prefix(byte[] digest) {
        char[] out = new char[HASH_LENGTH];
        long bits = 0;
        int bitCount = 0;
        int next = 0;
        for (int i = 0; next < HASH_LENGTH; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
            bitCount += 8;
            while (bitCount >= 5 && next < HASH_LENGTH) {
                bitCount -= 5;
                out[next++] = BASE32[(int) ((bits >>> bitCount) & 0x1f)];
            }
        }
        return new String(out);
    }

    /** A fresh digest: cloning a prototype skips the provider lookup of {@code getInstance}. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
