package dev.junction.core.model;

import dev.junction.core.net.Protocol;

/** One entry of a Service's {@code spec.ports}: name ("" when unnamed), protocol, port and nodePort (0 when none). */
public record PortInfo(String name, Protocol protocol, int port, int nodePort) {

    public PortInfo {
        name = name == null ? "" : name;
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must not be null");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " (expected: 1-65535)");
        }
        if (nodePort < 0 || nodePort > 65_535) {
            throw new IllegalArgumentException("nodePort " + nodePort + " (expected: 0-65535)");
        }
    }
}
