package dev.junction.userspace;

import dev.junction.core.backend.Backend;
import dev.junction.core.backend.SyncFailedException;
import dev.junction.core.backend.SyncOutcome;
import dev.junction.core.backend.SyncRequest;
import dev.junction.core.backend.SyncScope;
import dev.junction.core.health.ServiceHealthServer;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.apply.Iptables;
import dev.junction.iptables.apply.JumpRuleInstaller;
import dev.junction.iptables.compile.Ruleset;
import dev.junction.iptables.compile.RulesetRenderer;
import dev.junction.iptables.compile.Table;
import dev.junction.userspace.serve.ListenerKey;
import dev.junction.userspace.serve.ListenerReconciler;
import dev.junction.userspace.serve.ListenerTransport;
import dev.junction.userspace.serve.ServingAddresses;
import dev.junction.userspace.steer.SteeringRules;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --proxy-mode userspace}: Netty listeners serve the Service ports, and a handful of nat REDIRECT rules steer
 * ClusterIP, externalIP and load-balancer traffic to them (see {@link SteeringRules}).
 *
 * <p>Each sync first makes the listeners match the snapshot (so that every redirect names a bound port), then
 * restores the two small chains of each family whole, through the iptables mode's gateway; a full sync also ensures
 * the jumps into them. When a restore fails the listeners already serve the new snapshot, and the rules still steer to
 * the ports of the previous one, which stay bound unless their Service port went away. Called only from the sync
 * loop's thread.
 */
public final class UserspaceBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(UserspaceBackend.class);

    /** Where each sync learns the node's addresses. */
    @FunctionalInterface
    public interface AddressSource {
        ServingAddresses of(ClusterSnapshot snapshot) throws SyncFailedException;
    }

    private final Iptables iptables;
    private final Set<IpFamily> families;
    private final ListenerReconciler listeners;
    private final ListenerTransport transport;
    private final AddressSource addresses;
    private final Optional<ServiceHealthServer> serviceHealth;
    private final RulesetRenderer renderer = new RulesetRenderer();

    /**
     * @param listeners     closed with this backend, before {@code transport}
     * @param serviceHealth the healthCheckNodePort servers, synced after every sync and closed with this backend
     */
    public UserspaceBackend(Iptables iptables, Set<IpFamily> families, ListenerReconciler listeners,
            ListenerTransport transport, AddressSource addresses, Optional<ServiceHealthServer> serviceHealth) {
        this.iptables = iptables;
        this.families = Set.copyOf(families);
        this.listeners = listeners;
        this.transport = transport;
        this.addresses = addresses;
        this.serviceHealth = serviceHealth;
    }

    @Override
    public String mode() {
        return "userspace";
    }

    @Override
    public Set<IpFamily> families() {
        return families;
    }

    @Override
    public SyncOutcome sync(SyncRequest request) throws SyncFailedException {
        ClusterSnapshot current = request.current();
        ServingAddresses node = addresses.of(current);
        Map<ListenerKey, Integer> proxyPorts = listeners.reconcile(current, node.nodePortIps(), node.traffic());
        if (request.scope() == SyncScope.FULL) {
            JumpRuleInstaller.ensure(iptables, families, SteeringRules.jumps());
        }
        for (IpFamily family : families) {
            Ruleset ruleset = SteeringRules.compile(current, family, proxyPorts, node.traffic().podCidrs());
            iptables.restore(family, renderer.render(ruleset).text());
            LOG.debug("userspace rules restored family={} redirects={} firewall={} listeners={}", family,
                    ruleset.ruleCount(Table.NAT), ruleset.ruleCount(Table.FILTER), proxyPorts.size());
        }
        serviceHealth.ifPresent(health -> health.sync(current));
        return new SyncOutcome(request.scope(), current.byService().size());
    }

    /** Stops serving: listeners close (established connections end with the event loops); the rules stay. */
    @Override
    public void close() {
        listeners.close();
        serviceHealth.ifPresent(ServiceHealthServer::close);
        transport.close();
    }
}
