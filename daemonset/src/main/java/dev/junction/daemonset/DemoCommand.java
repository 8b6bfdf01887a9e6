package dev.junction.daemonset;

import dev.junction.core.config.ProxyMode;
import dev.junction.core.sandbox.NetnsSandbox;
import dev.junction.daemonset.demo.DemoCluster;
import dev.junction.daemonset.demo.DemoManifests;
import dev.junction.daemonset.demo.DemoTour;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code junction demo}: the whole thing in a sandbox of network namespaces on this machine. Builds a one-node
 * cluster (node, pods, an outside client), runs {@code junction run} in it, shows traffic being balanced, rejected,
 * dropped and rescaled, then removes everything. Touches nothing outside its namespaces.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Junction on a one-node cluster of network namespaces and show what it does. Needs root.")
final class DemoCommand implements Callable<Integer> {

    private static final List<ProxyMode> DEMO_MODES =
            List.of(ProxyMode.IPTABLES, ProxyMode.NFTABLES, ProxyMode.USERSPACE);

    @Spec
    private CommandSpec spec;

    @Option(names = "--proxy-mode", defaultValue = "iptables",
            description = "The data plane the agent runs: iptables (default), nftables or userspace.")
    private String proxyMode;

    @Option(names = "--keep-logs", description = "Keep the agent's log and the manifests in this directory.")
    private Path keepLogs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String reason = NetnsSandbox.unsupportedReason("iptables-nft-restore", "socat", "curl", "ss", "dig");
        if (reason != null) {
            spec.commandLine().getErr().println("junction: demo: " + reason);
            return JunctionCommand.EXIT_FAILURE;
        }
        ProxyMode mode = DEMO_MODES.stream().filter(m -> m.cliName().equals(proxyMode)).findFirst()
                .orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "--proxy-mode " + proxyMode + " (expected: iptables, nftables, userspace)"));
        Path workDir = keepLogs != null ? Files.createDirectories(keepLogs) : Files.createTempDirectory("junction-demo");
        out.println("Building a one-node cluster in network namespaces and starting junction run --proxy-mode "
                + mode.cliName() + " (logs: " + workDir + ")");
        out.flush();
        try (DemoCluster cluster = DemoCluster.start(workDir, List.of(DemoManifests.A1), mode)) {
            new DemoTour(cluster, mode, out).run();
        }
        out.println();
        out.println("Stopped junction (SIGTERM) and removed every namespace. The manifests: "
                + workDir.resolve("cluster.yaml"));
        return 0;
    }
}
