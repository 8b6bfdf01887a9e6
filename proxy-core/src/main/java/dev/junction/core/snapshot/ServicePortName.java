package dev.junction.core.snapshot;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.Protocol;

/**
 * The identity of one Service port, as kube-proxy's {@code ServicePortName}: prints as {@code ns/name:port} (or
 * {@code ns/name} for an unnamed port), the form used in rule comments, chain hashes and log lines.
 */
public record ServicePortName(ObjectRef service, String port, Protocol protocol)
        implements Comparable<ServicePortName> {

    public ServicePortName {
        port = port == null ? "" : port;
    }

    @Override
    public int compareTo(ServicePortName other) {
        int byService = service.compareTo(other.service);
        if (byService != 0) {
            return byService;
        }
        int byPort = port.compareTo(other.port);
        return byPort != 0 ? byPort : protocol.compareTo(other.protocol);
    }

    @Override
    public String toString() {
        return port.isEmpty() ? service.toString() : service + ":" + port;
    }
}
