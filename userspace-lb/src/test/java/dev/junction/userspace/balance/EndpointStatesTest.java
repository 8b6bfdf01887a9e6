package dev.junction.userspace.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.snapshot.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointStatesTest {

    private final EndpointStates states = new EndpointStates(HealthPolicy.DEFAULT);

    @Test
    void oneStatePerAddressWhateverTheOtherFields() {
        var ready = Ports.endpoint("198.18.1.1");
        var terminating = new Endpoint(ready.ip(), 8080, true, false, true, true,
                Set.of(), Set.of());

        assertThat(states.stateOf(terminating)).isSameAs(states.stateOf(ready));
    }

    @Test
    void retainForgetsIdleRemovedEndpointsAndKeepsDrainingOnes() {
        var kept = states.stateOf(Ports.endpoint("198.18.1.1"));
        var draining = states.stateOf(Ports.endpoint("198.18.1.2"));
        states.stateOf(Ports.endpoint("198.18.1.3"));
        draining.connectionOpened();

        states.retain(List.of(kept.endpoint()));

        assertThat(states.size()).isEqualTo(2);
        draining.connectionClosed();
        states.retain(List.of(kept.endpoint()));
        assertThat(states.size()).isEqualTo(1);
        assertThat(states.stateOf(Ports.endpoint("198.18.1.1"))).isSameAs(kept);
    }

    @Test
    void healthPolicyRejectsNonsense() {
        assertThatThrownBy(() -> new HealthPolicy(0, Duration.ofSeconds(1)))
                .hasMessage("failureThreshold 0 (expected: >= 1)");
        assertThatThrownBy(() -> new HealthPolicy(1, Duration.ZERO))
                .hasMessage("cooldown PT0S (expected: > 0)");
    }
}
