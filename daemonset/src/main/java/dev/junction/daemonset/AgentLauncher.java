package dev.junction.daemonset;

import dev.junction.core.config.ProxyConfig;

/** Starts the agent with a resolved configuration and blocks until it stops. */
@FunctionalInterface
public interface AgentLauncher {

    /**
     * Runs the agent.
     *
     * @return the process exit code: 0 after a clean shutdown
     * @throws Exception when the agent cannot start or fails; {@code junction} then exits with 1
     */
    int run(ProxyConfig config) throws Exception;
}
