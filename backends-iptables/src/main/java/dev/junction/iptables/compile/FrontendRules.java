package dev.junction.iptables.compile;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.Protocol;
import dev.junction.core.snapshot.ServicePort;

/**
 * The rules one Service port adds to the top-level chains: capturing its ClusterIP, external IPs, load-balancer IPs
 * and NodePort (nat), and rejecting or dropping what has no endpoints (filter). Written on every compile, full or
 * partial (upstream {@code syncProxyRules}, "Capture the clusterIP" to "Capture healthCheckNodePorts").
 */
final class FrontendRules {

    private final CompileContext ctx;
    private final ServicePort port;
    private final ServicePortPlan plan;
    private final String portName;
    private final Protocol protocol;

    FrontendRules(CompileContext ctx, ServicePort port, ServicePortPlan plan, String portName) {
        this.ctx = ctx;
        this.port = port;
        this.plan = plan;
        this.portName = portName;
        this.protocol = port.name().protocol();
    }

    void write(RulesetBuilder out) {
        writeClusterIp(out);
        writeExternalIps(out);
        writeLoadBalancerIps(out);
        writeNodePort(out);
        writeHealthCheckNodePort(out);
    }

    private void writeClusterIp(RulesetBuilder out) {
        if (plan.traffic().hasInternalEndpoints()) {
            out.add(Table.NAT, toService(Chain.KUBE_SERVICES, portName + " cluster IP", port.clusterIp())
                    .jump(plan.internalChain()));
        } else {
            out.add(Table.FILTER, toService(Chain.KUBE_SERVICES, plan.filterComment(portName), port.clusterIp())
                    .to(plan.filterVerdict()));
        }
    }

    private void writeExternalIps(RulesetBuilder out) {
        for (IpAddress externalIp : port.frontends().externalIps()) {
            if (plan.traffic().hasEndpoints()) {
                out.add(Table.NAT, toService(Chain.KUBE_SERVICES, portName + " external IP", externalIp)
                        .jump(plan.chains().external()));
            }
            if (!plan.traffic().hasExternalEndpoints()) {
                // Nothing at all (REJECT), or nothing for external traffic: DROP what the EXT chain did not
                // short-circuit.
                out.add(Table.FILTER, toService(Chain.KUBE_EXTERNAL_SERVICES, plan.filterComment(portName), externalIp)
                        .to(plan.filterVerdict()));
            }
        }
    }

    private void writeLoadBalancerIps(RulesetBuilder out) {
        for (IpAddress lbIp : port.frontends().loadBalancerIps()) {
            if (plan.traffic().hasEndpoints()) {
                out.add(Table.NAT, toService(Chain.KUBE_SERVICES, portName + " loadbalancer IP", lbIp)
                        .jump(plan.loadBalancerChain()));
            }
            if (plan.traffic().usesFirewall()) {
                String comment = portName + " traffic not accepted by " + plan.chains().firewall();
                out.add(Table.FILTER, toService(Chain.KUBE_PROXY_FIREWALL, comment, lbIp).to(Target.Verdict.DROP));
            }
        }
        if (!plan.traffic().hasExternalEndpoints()) {
            for (IpAddress lbIp : port.frontends().loadBalancerIps()) {
                out.add(Table.FILTER, toService(Chain.KUBE_EXTERNAL_SERVICES, plan.filterComment(portName), lbIp)
                        .to(plan.filterVerdict()));
            }
        }
    }

    /** NodePorts never pass the FW chain: loadBalancerSourceRanges do not apply to them, as upstream. */
    private void writeNodePort(RulesetBuilder out) {
        int nodePort = port.nodePort();
        if (nodePort == 0) {
            return;
        }
        if (plan.traffic().hasEndpoints()) {
            if (ctx.localhostNodePorts() && ctx.nfacctCounters()) {
                out.add(Table.NAT, Rule.on(Chain.KUBE_NODEPORTS).comment(portName).protocol(protocol)
                        .destination(CompileContext.IPV4_LOOPBACK).destinationPort(nodePort)
                        .match(new Match.Nfacct(CompilerOptions.LOCALHOST_NODEPORTS_COUNTER))
                        .jump(plan.chains().external()));
            }
            out.add(Table.NAT, Rule.on(Chain.KUBE_NODEPORTS).comment(portName).protocol(protocol)
                    .destinationPort(nodePort).jump(plan.chains().external()));
        }
        if (!plan.traffic().hasExternalEndpoints()) {
            out.add(Table.FILTER, Rule.on(Chain.KUBE_EXTERNAL_SERVICES).comment(plan.filterComment(portName))
                    .localDestination().protocol(protocol).destinationPort(nodePort).to(plan.filterVerdict()));
        }
    }

    /** Accepted whether or not the node has local endpoints: the load balancer must be able to ask. */
    private void writeHealthCheckNodePort(RulesetBuilder out) {
        int healthCheckNodePort = port.policies().healthCheckNodePort();
        if (healthCheckNodePort != 0) {
            out.add(Table.FILTER, Rule.on(Chain.KUBE_NODEPORTS).comment(portName + " health check node port")
                    .protocol(Protocol.TCP).destinationPort(healthCheckNodePort).to(Target.Verdict.ACCEPT));
        }
    }

    private Rule.Builder toService(Chain chain, String comment, IpAddress address) {
        return Rule.on(chain).comment(comment).protocol(protocol).destination(address).destinationPort(port.port());
    }
}
