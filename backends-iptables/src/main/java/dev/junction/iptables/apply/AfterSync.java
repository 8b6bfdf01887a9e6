package dev.junction.iptables.apply;

import dev.junction.core.conntrack.ConntrackCleanup;
import dev.junction.core.health.ServiceHealthServer;
import java.util.Optional;

/**
 * What runs after every successful sync, as in kube-proxy's {@code syncProxyRules} epilogue: UDP conntrack cleanup
 * and the healthCheckNodePort servers. Either may be absent (unit tests, or a host without conntrack).
 */
public record AfterSync(Optional<ConntrackCleanup> conntrackCleanup, Optional<ServiceHealthServer> serviceHealth) {

    public static final AfterSync NOTHING = new AfterSync(Optional.empty(), Optional.empty());
}
