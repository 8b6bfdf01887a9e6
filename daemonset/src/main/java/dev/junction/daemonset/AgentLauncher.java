package dev.junction.daemonset;

import dev.junction.core.config.ProxyConfig;
import dev.junction.dns.server.DnsSettings;
import java.util.Optional;

/** Starts the agent with a resolved configuration and blocks until it stops. */
@FunctionalInterface
public interface AgentLauncher {

    /**
     * Runs the agent.
     *
     * @param dns    the cluster DNS responder to run alongside the proxy ({@code --dns-listen}), if any
     * @return the process exit code: 0 after a clean shutdown
     * @throws Exception when the agent cannot start or fails; {@code junction} then exits with 1
     */
    int run(ProxyConfig config, Optional<DnsSettings> dns) throws Exception;
}
