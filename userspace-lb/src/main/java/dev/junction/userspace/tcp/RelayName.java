package dev.junction.userspace.tcp;

import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.ServicePortName;

/**
 * Which Service port and endpoint a relay serves, for its DEBUG lines: formatted only when a line is written, not once
 * per connection.
 */
record RelayName(ServicePortName port, Endpoint endpoint) {

    @Override
    public String toString() {
        return port + " " + endpoint;
    }
}
