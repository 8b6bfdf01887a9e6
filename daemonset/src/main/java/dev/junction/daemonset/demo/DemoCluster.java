package dev.junction.daemonset.demo;

import static dev.junction.daemonset.demo.DemoManifests.A1;
import static dev.junction.daemonset.demo.DemoManifests.A1_V6;
import static dev.junction.daemonset.demo.DemoManifests.A2;
import static dev.junction.daemonset.demo.DemoManifests.A2_V6;
import static dev.junction.daemonset.demo.DemoManifests.B1;
import static dev.junction.daemonset.demo.DemoManifests.B1_V6;
import static dev.junction.daemonset.demo.DemoManifests.CLIENT_POD;
import static dev.junction.daemonset.demo.DemoManifests.CLIENT_POD_V6;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.sandbox.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo cluster running: the namespaces of a {@link ClusterSandbox}, echo servers in pods a1, a2 and b1, a client
 * pod, the {@link DemoManifests} in a file, and {@code junction run --source} on that file in the node namespace,
 * answering cluster DNS on {@link #DNS_ADDRESS} too.
 * Closing it stops the agent (SIGTERM) and deletes every namespace.
 */
public final class DemoCluster implements AutoCloseable {

    /** Where the agent answers cluster DNS, inside the node namespace. */
    public static final String DNS_ADDRESS = "127.0.0.53";

    private final ClusterSandbox sandbox;
    private final Netns clientPod;
    private final Path manifests;
    private AgentProcess agent;

    private DemoCluster(ClusterSandbox sandbox, Netns clientPod, Path manifests, AgentProcess agent) {
        this.sandbox = sandbox;
        this.clientPod = clientPod;
        this.manifests = manifests;
        this.agent = agent;
    }

    /**
     * Builds everything in {@code workDir} (logs, manifests) and waits for the agent's first sync.
     *
     * @param proxyMode the agent's {@code --proxy-mode}
     */
    public static DemoCluster start(Path workDir, List<String> churnEndpoints, ProxyMode proxyMode) {
        return start(workDir, churnEndpoints, proxyMode, List.of());
    }

    /** As {@link #start(Path, List, ProxyMode)}, the agent started with {@code agentFlags} too. */
    public static DemoCluster start(Path workDir, List<String> churnEndpoints, ProxyMode proxyMode,
            List<String> agentFlags) {
        ClusterSandbox sandbox = ClusterSandbox.create();
        try {
            for (String[] pod : new String[][] {{"a1", A1, A1_V6}, {"a2", A2, A2_V6}, {"b1", B1, B1_V6}}) {
                sandbox.addPod(pod[0], pod[1], pod[2]).startEchoServer(DemoManifests.POD_PORT,
                        workDir.resolve("pods.log"));
            }
            Netns clientPod = sandbox.addPod("client", CLIENT_POD, CLIENT_POD_V6).netns();
            Path manifests = workDir.resolve("cluster.yaml");
            Files.writeString(manifests, DemoManifests.all(churnEndpoints));
            AgentProcess agent = startAgent(sandbox, manifests, proxyMode, agentFlags);
            DemoCluster cluster = new DemoCluster(sandbox, clientPod, manifests, agent);
            agent.awaitFirstSync(Duration.ofSeconds(60));
            return cluster;
        } catch (IOException e) {
            sandbox.close();
            throw new UncheckedIOException("cannot write the demo manifests in " + workDir, e);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private static AgentProcess startAgent(ClusterSandbox sandbox, Path manifests, ProxyMode proxyMode,
            List<String> agentFlags) {
        List<String> flags = new ArrayList<>(List.of("--source", manifests.toString(),
                "--hostname-override", "node-a",
                "--cluster-cidr", ClusterSandbox.POD_CIDR + "," + ClusterSandbox.POD_CIDR6,
                "--iptables-min-sync-period", "0s", "--dns-listen", DNS_ADDRESS + ":53",
                "--proxy-mode", proxyMode.cliName()));
        flags.addAll(agentFlags);
        return AgentProcess.start(sandbox.node(), flags,
                manifests.resolveSibling("agent-" + proxyMode.cliName() + ".log"));
    }

    /**
     * Stops the agent (SIGTERM, which leaves its rules in place, as kube-proxy's) and starts another in
     * {@code proxyMode} on the same node and manifests, as an operator switching modes would; waits for its first
     * sync.
     */
    public void restartAgent(ProxyMode proxyMode) {
        agent.close();
        agent = startAgent(sandbox, manifests, proxyMode, List.of());
        agent.awaitFirstSync(Duration.ofSeconds(60));
    }

    /** Rewrites the manifests with other endpoints behind {@code ns1/churn}; the agent picks the file up. */
    public void setChurnEndpoints(List<String> endpoints) {
        try {
            Files.writeString(manifests, DemoManifests.all(endpoints));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + manifests, e);
        }
    }

    public ClusterSandbox sandbox() {
        return sandbox;
    }

    public Netns clientPod() {
        return clientPod;
    }

    public AgentProcess agent() {
        return agent;
    }

    /** Asks the agent's DNS responder, from the node, with dig: the answer section, one record per line. */
    public String dig(String name, String type) {
        return sandbox.node().exec("dig", "+short", "+time=2", "+tries=1", "@" + DNS_ADDRESS, name, type).stdout()
                .strip();
    }

    @Override
    public void close() {
        try {
            agent.close();
        } finally {
            sandbox.close();
        }
    }
}
