package dev.junction.iptables.compile;

import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.model.ObjectRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Compiles a snapshot into the iptables ruleset kube-proxy's iptables proxier would write for one IP family: filter
 * and nat (plus the mangle canary chain). Pure: no I/O, clock, processes or shared state, so it is thread-safe and a
 * compile of the same input always yields the same ruleset.
 */
public final class IptablesCompiler {

    /** Compiles every Service's chains: a full sync. */
    public Ruleset compile(ClusterSnapshot snapshot, IpFamily family, CompilerOptions options) {
        return compile(snapshot, family, options, ServiceSelection.ALL);
    }

    /**
     * Compiles the top-level chains in full, but per-Service chains only for the selected Services (a partial sync:
     * the kernel keeps the other Services' chains from the previous restore); {@link Ruleset#services()} describes
     * only the Services compiled.
     */
    public Ruleset compile(ClusterSnapshot snapshot, IpFamily family, CompilerOptions options,
            ServiceSelection selection) {
        List<ServicePort> ports = snapshot.servicePorts(family);
        int endpoints = countEndpoints(ports);
        boolean largeCluster = endpoints > options.largeClusterThreshold();
        CompileContext ctx = CompileContext.of(family, options, largeCluster);
        // Roughly SVC, EXT and one SEP per endpoint: sized once, the maps never rehash (tables are allocated lazily).
        int expectedChains = 2 * ports.size() + endpoints + 8;
        RulesetBuilder out = new RulesetBuilder(expectedChains);
        Map<ObjectRef, CompiledService> services = new HashMap<>();
        TopLevelRules.writeHead(out, ctx);
        for (ServicePort port : ports) {
            String portName = port.name().toString();
            ServicePortPlan plan = ServicePortPlan.of(port, ChainNames.ServiceChains.of(port.name()));
            new FrontendRules(ctx, port, plan, portName).write(out);
            // Unselected Services keep their chains from the previous restore: nothing of theirs is built at all.
            if (selection.includes(port.name().service())) {
                Set<Chain> chains = new HashSet<>();
                int before = out.ruleCount(Table.NAT);
                new ServiceChainRules(ctx, port, plan, portName).write(out, chains);
                services.merge(port.name().service(), new CompiledService(chains, out.ruleCount(Table.NAT) - before),
                        CompiledService::plus);
            }
        }
        TopLevelRules.writeTail(out, ctx);
        return new Ruleset(family, out.build(), services, largeCluster);
    }

    /** Upstream counts every endpoint of every port, whatever its conditions, to pick large-cluster mode. */
    private static int countEndpoints(List<ServicePort> ports) {
        int total = 0;
        for (ServicePort port : ports) {
            total += port.endpoints().all().size();
        }
        return total;
    }
}
