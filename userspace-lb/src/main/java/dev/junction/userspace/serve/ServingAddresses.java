package dev.junction.userspace.serve;

import dev.junction.core.net.IpAddress;
import java.util.List;

/**
 * What the node looks like to the listeners at one sync.
 *
 * @param nodePortIps where NodePorts listen; a wildcard address ({@code 0.0.0.0}, {@code ::}) means all of its family
 * @param traffic     which clients are the cluster's own
 */
public record ServingAddresses(List<IpAddress> nodePortIps, ClusterTraffic traffic) {

    public ServingAddresses {
        nodePortIps = List.copyOf(nodePortIps);
    }
}
