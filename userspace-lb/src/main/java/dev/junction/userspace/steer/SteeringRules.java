package dev.junction.userspace.steer;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.core.snapshot.ServicePort;
import dev.junction.core.snapshot.TrafficPlan;
import dev.junction.iptables.compile.Chain;
import dev.junction.iptables.compile.ChainRules;
import dev.junction.iptables.compile.JumpRules.JumpRule;
import dev.junction.iptables.compile.Match;
import dev.junction.iptables.compile.Rule;
import dev.junction.iptables.compile.Ruleset;
import dev.junction.iptables.compile.Table;
import dev.junction.iptables.compile.Target;
import dev.junction.iptables.leftovers.ModeChains;
import dev.junction.userspace.serve.ListenerKey;
import dev.junction.userspace.serve.ListenerReconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few rules that steer Service traffic to the userspace listeners, as a pure function of the snapshot and the
 * listeners' proxy ports. In {@code nat}, {@value #SERVICES_NAME} (entered from PREROUTING and OUTPUT) redirects each
 * listening port's ClusterIP, externalIPs and load-balancer IPs to its proxy port; a load-balancer IP with
 * {@code loadBalancerSourceRanges} only from those ranges. In {@code filter}, {@value #FIREWALL_NAME} (entered from
 * INPUT, FORWARD and OUTPUT for new connections) sees what was not redirected: it rejects the frontends of ports
 * without a listener, as kube-proxy rejects Services without endpoints, drops load-balancer traffic from outside
 * the source ranges, as kube-proxy's KUBE-FW chains do, drops external clients of a Local-policy Service without
 * local endpoints (its externalIPs and load-balancer IPs are then redirected only for pods and the node, and its
 * NodePort dropped for everyone else), and drops the ClusterIP of an internalTrafficPolicy Local Service without
 * local endpoints. NodePorts need no other rule: the listeners bind them.
 * Both chains are rewritten whole by every restore.
 */
public final class SteeringRules {

    static final String SERVICES_NAME = "KUBE-USERSPACE-SERVICES";
    static final String FIREWALL_NAME = "KUBE-USERSPACE-FIREWALL";
    public static final Chain SERVICES = new Chain(SERVICES_NAME);
    public static final Chain FIREWALL = new Chain(FIREWALL_NAME);
    /** What the userspace mode leaves in the kernel: removed when the node runs another mode. */
    public static final ModeChains CHAINS = new ModeChains(
            Map.of(Table.NAT, ModeChains.named(SERVICES), Table.FILTER, ModeChains.named(FIREWALL)));

    private static final String CLUSTER_IP = "cluster IP";
    private static final String LOAD_BALANCER = "loadbalancer IP";
    private static final Match NEW = new Match.ConntrackState("NEW", false);
    private static final List<JumpRule> JUMPS = List.of(
            jump(Table.NAT, Chain.PREROUTING, false, SERVICES),
            jump(Table.NAT, Chain.OUTPUT, false, SERVICES),
            jump(Table.FILTER, Chain.INPUT, true, FIREWALL),
            jump(Table.FILTER, Chain.FORWARD, true, FIREWALL),
            jump(Table.FILTER, Chain.OUTPUT, true, FIREWALL));

    private SteeringRules() {
    }

    /** The jumps from the kernel's built-in chains into ours; the applier keeps each first in its chain. */
    public static List<JumpRule> jumps() {
        return JUMPS;
    }

    /**
     * The rules of {@code family} for the ports of {@code snapshot} that the userspace mode serves.
     *
     * @param podCidrs the local-traffic detector's CIDRs: pods whose traffic to an external frontend is served even
     *                 when the external policy finds no local endpoint
     */
    public static Ruleset compile(ClusterSnapshot snapshot, IpFamily family, Map<ListenerKey, Integer> proxyPorts,
            List<Cidr> podCidrs) {
        List<Rule> redirects = new ArrayList<>();
        List<Rule> firewall = new ArrayList<>();
        for (ServicePort port : snapshot.servicePorts(family)) {
            if (!ListenerReconciler.isServed(port)) {
                continue;
            }
            Integer proxyPort = proxyPorts.get(ListenerKey.of(port));
            if (proxyPort != null) {
                compileRedirects(port, new Target.Redirect(proxyPort), podCidrs, redirects, firewall);
                if (!TrafficPlan.of(port).hasExternalEndpoints() && port.nodePort() != 0) {
                    dropExternalNodePortClients(port, podCidrs, firewall);
                }
            } else {
                String why = port.endpoints().hasAnyEndpoints() ? "has no listener" : "has no endpoints";
                frontends(port, (address, kind) -> firewall.add(
                        frontendRule(FIREWALL, port, address, kind + " " + why).to(Target.Verdict.REJECT)));
            }
        }
        return new Ruleset(family, Map.of(
                Table.NAT, List.of(new ChainRules(SERVICES, redirects)),
                Table.FILTER, List.of(new ChainRules(FIREWALL, firewall))), Map.of(), false);
    }

    private static void compileRedirects(ServicePort port, Target.Redirect redirect, List<Cidr> podCidrs,
            List<Rule> redirects, List<Rule> firewall) {
        List<Cidr> sourceRanges = port.frontends().loadBalancerSourceRanges();
        TrafficPlan plan = TrafficPlan.of(port);
        boolean externalUnserved = !plan.hasExternalEndpoints();
        frontends(port, (address, kind) -> {
            if (kind.equals(CLUSTER_IP) && !plan.hasInternalEndpoints()) {
                // iTP Local without a local endpoint: kube-proxy drops, where the listener would accept and close.
                firewall.add(frontendRule(FIREWALL, port, address, kind + " has no local endpoints")
                        .to(Target.Verdict.DROP));
            } else if (externalUnserved && !kind.equals(CLUSTER_IP)) {
                // eTP Local without a local endpoint: only pods and the node reach the Service through this address.
                redirects.add(frontendRule(SERVICES, port, address, kind + " from this node").localSource()
                        .to(redirect));
                podCidrs.stream().filter(cidr -> cidr.family() == address.family()).forEach(cidr -> redirects.add(
                        frontendRule(SERVICES, port, address, kind + " from pods").source(cidr).to(redirect)));
                firewall.add(frontendRule(FIREWALL, port, address, kind + " has no local endpoints")
                        .to(Target.Verdict.DROP));
            } else if (kind.equals(LOAD_BALANCER) && !sourceRanges.isEmpty()) {
                sourceRanges.stream().filter(range -> range.family() == address.family()).forEach(range -> redirects
                        .add(frontendRule(SERVICES, port, address, kind).source(range).to(redirect)));
                firewall.add(frontendRule(FIREWALL, port, address, kind + " not in loadBalancerSourceRanges")
                        .to(Target.Verdict.DROP));
            } else {
                redirects.add(frontendRule(SERVICES, port, address, kind).to(redirect));
            }
        });
    }

    /**
     * eTP Local without a local endpoint: kube-proxy drops external clients of the NodePort, while pods and the node
     * itself are still served. The listener would accept and then close them, so they are dropped before it.
     */
    private static void dropExternalNodePortClients(ServicePort port, List<Cidr> podCidrs, List<Rule> firewall) {
        String comment = port.name() + " nodePort";
        firewall.add(nodePortRule(port, comment + " from this node").localSource().to(Target.Verdict.RETURN));
        podCidrs.stream().filter(cidr -> cidr.family() == port.family()).forEach(cidr -> firewall.add(
                nodePortRule(port, comment + " from pods").source(cidr).to(Target.Verdict.RETURN)));
        firewall.add(nodePortRule(port, comment + " has no local endpoints").to(Target.Verdict.DROP));
    }

    private static Rule.Builder nodePortRule(ServicePort port, String comment) {
        return Rule.on(FIREWALL).comment(comment).protocol(port.name().protocol()).localDestination()
                .destinationPort(port.nodePort());
    }

    private interface FrontendSink {
        void accept(IpAddress address, String kind);
    }

    private static void frontends(ServicePort port, FrontendSink sink) {
        sink.accept(port.clusterIp(), CLUSTER_IP);
        port.frontends().externalIps().forEach(ip -> sink.accept(ip, "external IP"));
        port.frontends().loadBalancerIps().forEach(ip -> sink.accept(ip, LOAD_BALANCER));
    }

    private static Rule.Builder frontendRule(Chain chain, ServicePort port, IpAddress address, String kind) {
        return Rule.on(chain).comment(port.name() + " " + kind).protocol(port.name().protocol())
                .destination(address).destinationPort(port.port());
    }

    private static JumpRule jump(Table table, Chain from, boolean newOnly, Chain to) {
        Rule.Builder rule = Rule.on(from);
        if (newOnly) {
            rule.match(NEW);
        }
        return new JumpRule(table, rule.comment("kubernetes userspace service portals").jump(to));
    }
}
