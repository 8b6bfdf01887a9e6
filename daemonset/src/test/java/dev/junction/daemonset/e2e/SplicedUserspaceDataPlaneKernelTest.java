package dev.junction.daemonset.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The userspace mode's whole table again with {@code --userspace-transport epoll}: TCP bytes relayed with
 * {@code splice(2)} must serve every Service, policy and half-close exactly as the copying relay does.
 */
class SplicedUserspaceDataPlaneKernelTest extends UserspaceDataPlaneKernelTest {

    @Override
    List<String> agentFlags() {
        return List.of("--userspace-transport", "epoll");
    }

    @Test
    void theAgentRelaysWithSplice() {
        assertThat(agent.logText()).contains("transport=epoll relay=splice");
    }
}
