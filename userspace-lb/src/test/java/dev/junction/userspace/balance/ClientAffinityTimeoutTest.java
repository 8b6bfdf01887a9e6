package dev.junction.userspace.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.config.BalanceMode;
import dev.junction.core.model.SessionAffinity;
import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientAffinityTimeoutTest {

    private static final int TIMEOUT_SECONDS = 600;
    private static final long TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS).toNanos();
    private static final TableSettings SETTINGS = new TableSettings(BalanceMode.ROUND_ROBIN, 251);

    private final EndpointStates states = new EndpointStates(HealthPolicy.DEFAULT);

    private EndpointTable table(List<Endpoint> endpoints, Origin origin) {
        var port = Ports.port(TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 30080,
                SessionAffinity.clientIp(TIMEOUT_SECONDS),
                new EndpointSet(endpoints, endpoints, List.of(), endpoints, true));
        return EndpointTable.build(port, origin, SETTINGS, states);
    }

    private EndpointTable table(List<Endpoint> endpoints) {
        return table(endpoints, Origin.INTERNAL);
    }

    /** Connects {@code client} through {@code table} at {@code now}, as the proxies do, and returns the endpoint. */
    private static String connect(EndpointTable table, IpAddress client, long now) {
        EndpointState chosen = table.candidates(client, now, 1).getFirst();
        table.recordChoice(client, chosen, now);
        return chosen.endpoint().ip().toString();
    }

    /** A client whose Maglev owner changes when endpoints 3 and 4 join endpoints 1 and 2. */
    private IpAddress clientMovedByGrowth(EndpointTable two, EndpointTable four) {
        return IntStream.range(1, 255).mapToObj(i -> IpAddress.parse("198.19.0." + i))
                .filter(c -> !two.candidates(c, 0, 1).equals(four.candidates(c, 0, 1)))
                .findFirst().orElseThrow();
    }

    @Test
    void aClientReturnsToItsEndpointWithinTheTimeoutEvenAfterEndpointsWereAdded() {
        var two = table(Ports.endpoints(2));
        var four = table(Ports.endpoints(4));
        IpAddress client = clientMovedByGrowth(two, four);
        String first = connect(two, client, 0);

        assertThat(connect(four, client, TIMEOUT - 1)).isEqualTo(first);
    }

    @Test
    void aClientIsRehashedOnceTheTimeoutHasPassedSinceItsLastConnection() {
        var two = table(Ports.endpoints(2));
        var four = table(Ports.endpoints(4));
        IpAddress client = clientMovedByGrowth(two, four);
        String owner = Ports.ips(four.candidates(client, 0, 1)).getFirst();
        String first = connect(two, client, 0);

        assertThat(connect(four, client, TIMEOUT)).isEqualTo(owner).isNotEqualTo(first);
    }

    @Test
    void eachConnectionRestartsTheTimeout() {
        var two = table(Ports.endpoints(2));
        var four = table(Ports.endpoints(4));
        IpAddress client = clientMovedByGrowth(two, four);
        String first = connect(two, client, 0);
        connect(two, client, TIMEOUT / 2);

        assertThat(connect(four, client, TIMEOUT + TIMEOUT / 4)).isEqualTo(first);
    }

    @Test
    void aClientWhoseEndpointWentAwayMovesAndStaysOnTheNewOne() {
        var all = Ports.endpoints(3);
        var full = table(all);
        IpAddress client = IpAddress.parse("198.19.0.9");
        String first = connect(full, client, 0);
        var without = table(all.stream().filter(e -> !e.ip().toString().equals(first)).toList());

        String moved = connect(without, client, 1);

        assertThat(moved).isNotEqualTo(first);
        assertThat(connect(full, client, 2)).isEqualTo(moved);
    }

    @Test
    void internalAndExternalTrafficShareTheMemoryAsKubeProxysRecentListsDo() {
        var two = table(Ports.endpoints(2), Origin.EXTERNAL);
        var four = table(Ports.endpoints(4), Origin.INTERNAL);
        IpAddress client = clientMovedByGrowth(two, four);
        String first = connect(two, client, 0);

        assertThat(connect(four, client, 1)).isEqualTo(first);
    }

    @Test
    void withoutAffinityNothingIsRemembered() {
        var table = EndpointTable.build(Ports.clusterPort(Ports.endpoints(2)), Origin.INTERNAL, SETTINGS, states);
        IpAddress client = IpAddress.parse("198.19.0.9");

        List<String> picks = IntStream.range(0, 4).mapToObj(i -> connect(table, client, i)).toList();

        assertThat(picks).containsExactlyInAnyOrder("198.18.1.1", "198.18.1.1", "198.18.1.2", "198.18.1.2");
    }

    @Test
    void aDeletedServiceForgetsItsClients() {
        var two = table(Ports.endpoints(2));
        var four = table(Ports.endpoints(4));
        IpAddress client = clientMovedByGrowth(two, four);
        String owner = Ports.ips(four.candidates(client, 0, 1)).getFirst();
        connect(two, client, 0);

        states.retainAffinities(List.of());

        assertThat(connect(table(Ports.endpoints(4)), client, 1)).isEqualTo(owner);
    }

    @Test
    void theMemoryForgetsItsLeastRecentClientBeyondItsBound() {
        var memory = new AffinityMemory(TIMEOUT, 2);
        EndpointState endpoint = states.stateOf(Ports.endpoint("198.18.1.1"));
        IpAddress first = IpAddress.parse("198.19.0.1");
        memory.remember(first, endpoint, 0);
        memory.remember(IpAddress.parse("198.19.0.2"), endpoint, 1);
        memory.remember(first, endpoint, 2);

        memory.remember(IpAddress.parse("198.19.0.3"), endpoint, 3);

        assertThat(memory.size()).isEqualTo(2);
        assertThat(memory.recall(first, 3)).contains(endpoint);
        assertThat(memory.recall(IpAddress.parse("198.19.0.2"), 3)).isEmpty();
    }
}
