package dev.junction.core.snapshot;

import dev.junction.core.net.IpAddress;
import java.util.Set;

/**
 * One endpoint of one Service port on this node's view, as kube-proxy's {@code BaseEndpointInfo}.
 *
 * @param local true when the endpoint's {@code nodeName} is this node
 */
public record Endpoint(
        IpAddress ip,
        int port,
        boolean local,
        boolean ready,
        boolean serving,
        boolean terminating,
        Set<String> zoneHints,
        Set<String> nodeHints) implements Comparable<Endpoint> {

    public Endpoint {
        zoneHints = Set.copyOf(zoneHints);
        nodeHints = Set.copyOf(nodeHints);
    }

    /** {@code ip:port}, with brackets for IPv6: the string kube-proxy hashes into SEP chain names. */
    public String hostPort() {
        return switch (ip.family()) {
            case IPV4 -> ip + ":" + port;
            case IPV6 -> "[" + ip + "]:" + port;
        };
    }

    @Override
    public int compareTo(Endpoint other) {
        int byIp = ip.compareTo(other.ip);
        return byIp != 0 ? byIp : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return hostPort();
    }
}
