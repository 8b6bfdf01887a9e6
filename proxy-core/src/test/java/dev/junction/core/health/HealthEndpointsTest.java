package dev.junction.core.health;

import static dev.junction.core.net.IpFamily.IPV4;
import static dev.junction.core.net.IpFamily.IPV6;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.model.NodeInfo;
import dev.junction.core.testing.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HealthEndpointsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Optional<NodeInfo> ELIGIBLE = Optional.of(node(true));
    private static final Optional<NodeInfo> BEING_DELETED = Optional.of(node(false));

    /** What the sync loop reported before the request. */
    enum Scenario {
        NEVER_SYNCED {
            @Override
            void play(ProxyHealth health, ManualClock clock) {
                clock.advance(Duration.ofSeconds(3));
            }
        },
        /** Both families synced at T0; the request comes 1.5 s later. */
        SYNCED {
            @Override
            void play(ProxyHealth health, ManualClock clock) {
                health.updated(IPV4);
                health.updated(IPV6);
                clock.advance(Duration.ofMillis(1_500));
            }
        },
        /** IPv4 synced at T0 and queued an update at T0 + 0.25 s, which waited the timeout. */
        LATE {
            @Override
            void play(ProxyHealth health, ManualClock clock) {
                health.updated(IPV4);
                clock.advance(Duration.ofMillis(250));
                health.queuedUpdate(IPV4);
                clock.advance(TIMEOUT);
            }
        };

        abstract void play(ProxyHealth health, ManualClock clock);
    }

    record Case(String name, String path, Scenario scenario, Optional<NodeInfo> node, int code, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("/livez before any sync is healthy and has no status", "/livez", Scenario.NEVER_SYNCED,
                        ELIGIBLE, 200,
                        "{\"lastUpdated\":\"2026-01-01T00:00:03Z\",\"currentTime\":\"2026-01-01T00:00:03Z\","
                                + "\"healthy\":true}"),
                new Case("/livez reports lastUpdated as now while healthy, and each family's last sync", "/livez",
                        Scenario.SYNCED, ELIGIBLE, 200,
                        "{\"lastUpdated\":\"2026-01-01T00:00:01.5Z\",\"currentTime\":\"2026-01-01T00:00:01.5Z\","
                                + "\"healthy\":true,\"status\":{"
                                + "\"IPv4\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":true},"
                                + "\"IPv6\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":true}}}"),
                new Case("/livez ignores whether the node is eligible", "/livez", Scenario.SYNCED, BEING_DELETED,
                        200,
                        "{\"lastUpdated\":\"2026-01-01T00:00:01.5Z\",\"currentTime\":\"2026-01-01T00:00:01.5Z\","
                                + "\"healthy\":true,\"status\":{"
                                + "\"IPv4\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":true},"
                                + "\"IPv6\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":true}}}"),
                new Case("/livez fails with the real lastUpdated while an update is late", "/livez", Scenario.LATE,
                        ELIGIBLE, 503,
                        "{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"currentTime\":\"2026-01-01T00:00:10.25Z\","
                                + "\"healthy\":false,\"status\":{"
                                + "\"IPv4\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":false}}}"),
                new Case("/healthz on an eligible node says so", "/healthz", Scenario.SYNCED, ELIGIBLE, 200,
                        "{\"lastUpdated\":\"2026-01-01T00:00:01.5Z\",\"currentTime\":\"2026-01-01T00:00:01.5Z\","
                                + "\"nodeEligible\":true,\"healthy\":true,\"status\":{"
                                + "\"IPv4\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":true},"
                                + "\"IPv6\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":true}}}"),
                new Case("/healthz fails on a node being deleted, though the proxy is healthy", "/healthz",
                        Scenario.SYNCED, BEING_DELETED, 503,
                        "{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"currentTime\":\"2026-01-01T00:00:01.5Z\","
                                + "\"nodeEligible\":false,\"healthy\":true,\"status\":{"
                                + "\"IPv4\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":true},"
                                + "\"IPv6\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":true}}}"),
                new Case("/healthz fails while the node is unknown", "/healthz", Scenario.NEVER_SYNCED,
                        Optional.empty(), 503,
                        "{\"lastUpdated\":\"0001-01-01T00:00:00Z\",\"currentTime\":\"2026-01-01T00:00:03Z\","
                                + "\"nodeEligible\":false,\"healthy\":true}"),
                new Case("/healthz fails while an update is late", "/healthz", Scenario.LATE, ELIGIBLE, 503,
                        "{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"currentTime\":\"2026-01-01T00:00:10.25Z\","
                                + "\"nodeEligible\":true,\"healthy\":false,\"status\":{"
                                + "\"IPv4\":{\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"healthy\":false}}}"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void answers(Case c) {
        ManualClock clock = new ManualClock(T0);
        ProxyHealth health = new ProxyHealth(clock, TIMEOUT);
        MeterRegistry registry = new SimpleMeterRegistry();
        c.scenario().play(health, clock);

        HealthEndpoints endpoints = new HealthEndpoints(health, c::node, registry);

        assertThat(endpoints.respond(c.path())).contains(new HealthResponse(c.code(), c.body()));

        String counter = c.path().equals("/healthz") ? "kubeproxy.proxy.healthz" : "kubeproxy.proxy.livez";
        assertThat(registry.get(counter).tag("code", Integer.toString(c.code())).counter().count()).isEqualTo(1);
    }

    @Test
    void answersNothingElse() {
        HealthEndpoints endpoints = new HealthEndpoints(new ProxyHealth(new ManualClock(T0), TIMEOUT), () -> ELIGIBLE,
                new SimpleMeterRegistry());

        assertThat(endpoints.respond("/healthz/extra")).isEmpty();
        assertThat(endpoints.respond("/")).isEmpty();
    }

    static NodeInfo node(boolean eligible) {
        return new NodeInfo("node-a", Map.of(), List.of(), List.of(), eligible);
    }
}
