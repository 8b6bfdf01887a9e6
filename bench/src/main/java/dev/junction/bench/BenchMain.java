package dev.junction.bench;

import dev.junction.core.config.GoDuration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmarks of bench/: each scenario prints a table with its ratio against a peer measured in the same run and
 * the target from issue 3, and writes CSV and PNG files. Run through {@code bench/run}, which creates nothing in the
 * root network namespace and deletes the namespaces it used.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Junction benchmarks: compile vs restore, partial vs full sync, network programming latency.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--scenarios", split = ",", defaultValue = "compile,sync,latency",
            description = "Which scenarios to run (default: ${DEFAULT-VALUE}).")
    private Set<String> scenarios;

    @Option(names = "--services", split = ",", defaultValue = "1000,5000,10000",
            description = "Service counts for compile vs restore (default: ${DEFAULT-VALUE}).")
    private List<Integer> sizes;

    @Option(names = "--endpoints", defaultValue = "10", description = "Endpoints per Service (default: 10).")
    private int endpoints;

    @Option(names = "--runs", defaultValue = "5", description = "Timed compiles per size (default: 5).")
    private int runs;

    @Option(names = "--kernel-runs", defaultValue = "3",
            description = "Timed restores or syncs per measurement (default: 3).")
    private int kernelRuns;

    @Option(names = "--warm-up", defaultValue = "3s", description = "JIT warm-up per compile size (default: 3s).")
    private String warmUp;

    @Option(names = "--nft-max-services", defaultValue = "1000",
            description = "Largest size restored with the nft flavor, which is quadratic (default: 1000).")
    private int nftMaxServices;

    @Option(names = "--nft-timeout", defaultValue = "60s", description = "Deadline of one nft restore (default: 60s).")
    private String nftTimeout;

    @Option(names = "--sync-services", defaultValue = "10000", description = "Services for partial vs full sync.")
    private int syncServices;

    @Option(names = "--latency-services", defaultValue = "10000", description = "Services for the latency run.")
    private int latencyServices;

    @Option(names = "--latency-warm-up", defaultValue = "5s", description = "Changes made before measuring.")
    private String latencyWarmUp;

    @Option(names = "--latency-duration", defaultValue = "30s", description = "How long changes are measured.")
    private String latencyDuration;

    @Option(names = "--latency-rate", defaultValue = "10", description = "Endpoint changes per second.")
    private double latencyRate;

    @Option(names = "--sync-periods", split = ",", defaultValue = "30s,1h",
            description = "The latency run is repeated per syncPeriod (a periodic partial sync is due every period).")
    private List<String> syncPeriods;

    @Option(names = "--latency-modes", split = ",", defaultValue = "iptables,nftables",
            description = "Proxy modes the latency run programs (default: ${DEFAULT-VALUE}).")
    private List<String> latencyModes;

    @Option(names = "--results", defaultValue = "bench/results", description = "Where CSV and PNG files go.")
    private Path results;

    @Option(names = "--netns-prefix", description = "Prefix of the network namespaces to create (bench/run sets it).")
    private String netnsPrefix;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings settings = settings();
        PrintStream out = System.out;
        Machine.describe().forEach(out::println);
        out.println("settings:  " + settings);
        Report report = new Report(out, settings.results());
        Charts charts = new Charts(settings.results());
        boolean kernel = Machine.isRoot() && netnsPrefix != null;
        if (!kernel) {
            out.println("kernel scenarios skipped: " + (Machine.isRoot() ? "no --netns-prefix" : "not root"));
        }
        try (NetworkNamespaces namespaces = new NetworkNamespaces(netnsPrefix == null ? "unused" : netnsPrefix)) {
            Optional<NetworkNamespaces> netns = kernel ? Optional.of(namespaces) : Optional.empty();
            if (settings.runs("compile")) {
                List<CompileVsRestore.Row> rows = new CompileVsRestore(settings, netns).run();
                report.compileVsRestore(rows, settings);
                charts.compileVsRestore(rows);
            }
            if (kernel && settings.runs("sync")) {
                report.partialVsFull(new PartialVsFullSync(settings, namespaces).run(), settings.kernelRuns());
            }
            if (kernel && settings.runs("latency")) {
                List<ProgrammingLatency.Result> latency = new ArrayList<>();
                for (String mode : settings.latencyModes()) {
                    for (Duration period : settings.syncPeriods()) {
                        latency.add(new ProgrammingLatency(settings, namespaces).run(mode, period));
                    }
                }
                report.latency(latency);
                charts.latency(latency);
            }
        }
        out.println();
        out.println("results written to " + settings.results().toAbsolutePath());
        return 0;
    }

    private BenchSettings settings() {
        return new BenchSettings(Set.copyOf(scenarios), sizes, endpoints, runs, kernelRuns, GoDuration.parse(warmUp), 50,
                nftMaxServices, GoDuration.parse(nftTimeout), syncServices, latencyServices,
                GoDuration.parse(latencyWarmUp), GoDuration.parse(latencyDuration), latencyRate,
                syncPeriods.stream().map(GoDuration::parse).toList(), latencyModes, results,
                netnsPrefix == null ? "" : netnsPrefix);
    }
}
