package dev.junction.userspace;

import dev.junction.core.config.GoDuration;
import dev.junction.core.config.ProxyConfig;
import dev.junction.core.config.UserspaceSettings;
import dev.junction.core.health.ProxyHealth;
import dev.junction.core.health.ServiceHealthServer;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.iptables.apply.IptablesHost;
import dev.junction.iptables.apply.LocalAddresses;
import dev.junction.userspace.serve.ListenerReconciler;
import dev.junction.userspace.serve.ListenerTransport;
import dev.junction.userspace.serve.OriginalDestination;
import dev.junction.userspace.serve.ServeSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the userspace backend for the host it runs on, with the iptables flavor the node already uses. */
public final class HostUserspace {

    private static final Logger LOG = LoggerFactory.getLogger(HostUserspace.class);

    private HostUserspace() {
    }

    /**
     * The backend for {@code --proxy-mode userspace}, with one event loop per core.
     *
     * @param host the node's iptables, as {@link IptablesHost#detect} found them (the steering rules use them)
     */
    public static UserspaceBackend open(ProxyConfig config, MeterRegistry registry, ProxyHealth health,
            IptablesHost host) throws SocketException {
        UserspaceSettings chosen = config.userspace();
        ServeSettings settings = ServeSettings.of(chosen);
        Set<IpFamily> families = host.families();
        // kube-proxy serves health checks where it serves NodePorts: every address, or the listed ones.
        List<IpAddress> healthAddresses = config.nodePortAddresses().isAll() ? List.of()
                : LocalAddresses.within(config.nodePortAddresses().cidrs());
        ServiceHealthServer serviceHealth = new ServiceHealthServer(healthAddresses, health::isHealthy, registry);
        ListenerTransport transport = ListenerTransport.create(Transport.select(chosen.transport()),
                Runtime.getRuntime().availableProcessors());
        ListenerReconciler listeners = new ListenerReconciler(transport, settings, registry,
                OriginalDestination.load(), System::nanoTime);
        LOG.info("userspace backend flavor={} families={} transport={} relay={} balance={} connectTimeout={}"
                + " connectAttempts={} idleTimeout={} maxConnections={} udpIdleTimeout={} udpMaxFlows={}"
                + " ejectAfter={} ejectFor={} drainTimeout={}", host.flavorName(), families, transport.transport(),
                transport.transport().relay(), chosen.balance(), GoDuration.format(chosen.connectTimeout()),
                chosen.connectAttempts(), GoDuration.format(chosen.idleTimeout()),
                chosen.maxConnections() == 0 ? "none" : chosen.maxConnections(),
                GoDuration.format(chosen.udpIdleTimeout()), chosen.udpMaxFlows(), chosen.ejectAfter(),
                GoDuration.format(chosen.ejectFor()), GoDuration.format(chosen.drainTimeout()));
        return new UserspaceBackend(host.iptables(), families, listeners, transport,
                new HostServingAddresses(config)::of, Optional.of(serviceHealth));
    }
}
