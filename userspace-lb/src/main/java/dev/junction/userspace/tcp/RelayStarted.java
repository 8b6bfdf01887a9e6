package dev.junction.userspace.tcp;

import dev.junction.core.snapshot.Endpoint;

/**
 * Fired through the client channel's pipeline (a user event) once a connection relays to an endpoint, so that a handler
 * after the proxy's own can tell which endpoint serves the connection, for example to drain it when the endpoint goes
 * away. Handlers that do not know it pass it on.
 */
public record RelayStarted(Endpoint endpoint) {
}
