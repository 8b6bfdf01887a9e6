package dev.junction.core.model;

import dev.junction.core.net.Protocol;

/** One entry of an EndpointSlice's {@code ports}: matched to a Service port by name ("" when unnamed) and protocol. */
public record EndpointPortInfo(String name, Protocol protocol, int port) {

    public EndpointPortInfo {
        name = name == null ? "" : name;
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must not be null");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " (expected: 1-65535)");
        }
    }
}
