package dev.junction.userspace.serve;

import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.ServicePortName;

/** Identifies one listener: a Service port of one family, as the snapshot lists it. */
public record ListenerKey(ServicePortName name, IpFamily family) {

    public static ListenerKey of(ServicePort port) {
        return new ListenerKey(port.name(), port.family());
    }
}
