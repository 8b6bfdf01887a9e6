package dev.junction.nftables.compile;

import dev.junction.core.model.ObjectRef;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.ServiceSelection;
import java.util.HashMap;
import java.util.Map;

/**
 * Compiles a snapshot into the {@code ip kube-proxy} (or {@code ip6 kube-proxy}) table for one family, with kube-proxy's
 * nftables names, maps and verdicts. Pure: no I/O, clock or shared state, so it is thread-safe and deterministic.
 *
 * <p>One departure from kube-proxy's layout, for speed at scale: a Service without session affinity DNATs straight from
 * its policy chain through a cascade of {@code numgen} rules, instead of jumping to one chain per endpoint, and hairpin traffic is
 * recognised in the masquerading chain by the {@code hairpin-endpoints} set. nft 1.0 lists every chain of the table
 * before each transaction, and the kernel lists them in time quadratic in their number: 110,000 chains (10,000
 * Services of 10 endpoints) cost over a second per sync, 20,000 a few milliseconds. Services with ClientIP affinity
 * keep kube-proxy's endpoint chains, which hold the affinity sets' {@code update}.
 */
public final class NftCompiler {

    /** Compiles every Service: a full sync. */
    public NftRuleset compile(ClusterSnapshot snapshot, IpFamily family, CompilerOptions options) {
        return compile(snapshot, family, options, ServiceSelection.ALL);
    }

    /**
     * Compiles the top level and the selected Services only: a Service's objects never depend on another Service's,
     * so a partial sync needs nothing else.
     */
    public NftRuleset compile(ClusterSnapshot snapshot, IpFamily family, CompilerOptions options,
            ServiceSelection selection) {
        NftContext ctx = NftContext.of(family, options);
        Map<ObjectRef, ServiceObjects> services = new HashMap<>();
        for (ServicePort port : snapshot.servicePorts(family)) {
            ObjectRef service = port.name().service();
            if (selection.includes(service)) {
                services.merge(service, new PortObjects(ctx, port).compile(), ServiceObjects::plus);
            }
        }
        return new NftRuleset(family, TopLevelObjects.chains(ctx), TopLevelObjects.nodePortIps(ctx),
                !ctx.nodePortsOnAnyAddress(), services);
    }
}
