package dev.junction.userspace;

import dev.junction.core.model.TrafficPolicy;
import dev.junction.core.net.IpAddress;
import dev.junction.core.snapshot.Endpoint;
import dev.junction.core.snapshot.EndpointSet;
import dev.junction.core.testing.ServicePorts;
import dev.junction.core.config.BalanceMode;
import dev.junction.userspace.balance.EndpointState;
import dev.junction.userspace.balance.EndpointStates;
import dev.junction.userspace.balance.EndpointTable;
import dev.junction.userspace.balance.HealthPolicy;
import dev.junction.userspace.balance.Origin;
import dev.junction.userspace.balance.TableSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A Service port with one endpoint, under a passive-health policy that ejects on the first failure: whether the
 * endpoint is still a candidate tells whether anything held a failure against it.
 */
public final class OneEndpoint {

    public static final InetSocketAddress CLIENT = new InetSocketAddress(IpAddress.parse("198.19.0.7").inet(), 40_000);
    public static final InetSocketAddress FRONTEND = new InetSocketAddress(IpAddress.parse("198.18.0.10").inet(), 80);

    private final Endpoint endpoint = new Endpoint(IpAddress.parse("198.18.1.1"), 8080, false, true, true, false,
            Set.of(), Set.of());
    private final EndpointTable table;

    public OneEndpoint() {
        List<Endpoint> endpoints = List.of(endpoint);
        table = EndpointTable.build(ServicePorts.port("web", TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0,
                        new EndpointSet(endpoints, endpoints, List.of(), endpoints, true)),
                Origin.INTERNAL, TableSettings.of(BalanceMode.ROUND_ROBIN),
                new EndpointStates(new HealthPolicy(1, Duration.ofMinutes(10))));
    }

    public EndpointTable table() {
        return table;
    }

    /** Whether the endpoint is still offered: one recorded failure would have ejected it. */
    public boolean isStillCandidate() {
        return table.candidates(new IpAddress(CLIENT.getAddress()), 0, 1).stream().map(EndpointState::endpoint)
                .toList().equals(List.of(endpoint));
    }
}
