package dev.junction.bench;

import dev.junction.core.net.IpFamily;
import dev.junction.core.snapshot.ClusterSnapshot;
import dev.junction.iptables.apply.IptablesFlavor;
import dev.junction.iptables.compile.CompilerOptions;
import dev.junction.iptables.compile.IptablesCompiler;
import dev.junction.iptables.compile.RulesetRenderer;
import dev.junction.iptables.compile.RulesetRenderer.Rendered;
import dev.junction.iptables.compile.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scenario a: compiling and rendering a full ruleset against the peer that must load it, {@code iptables-restore}
 * into the empty tables of a fresh network namespace. Target: compile <= 10% of the legacy restore. The nf_tables
 * flavor is measured only up to a size bound, to show the quadratic trap without waiting minutes.
 */
final class CompileVsRestore {

    /** One cluster size; {@code nft} is empty when that size was skipped or timed out, as {@code nftNote} says. */
    record Row(int services, int natRules, int restoreBytes, Samples compile, Optional<Samples> legacy,
            Optional<Samples> nft, String nftNote) {
    }

    private static final Duration LEGACY_DEADLINE = Duration.ofMinutes(5);
    private static final CompilerOptions OPTIONS = CompilerOptions.builder().randomFully(true).build();

    private final BenchSettings settings;
    private final Optional<NetworkNamespaces> namespaces;
    private final IptablesCompiler compiler = new IptablesCompiler();
    private final RulesetRenderer renderer = new RulesetRenderer();
    /** Keeps every rendered text observable, so the JIT cannot drop the work being timed. */
    private long renderedChars;

    /** @param namespaces where restores run; empty when not root (then only the compile is measured) */
    CompileVsRestore(BenchSettings settings, Optional<NetworkNamespaces> namespaces) {
        this.settings = settings;
        this.namespaces = namespaces;
    }

    List<Row> run() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int services : settings.sizes()) {
            rows.add(measure(services));
        }
        return rows;
    }

    private Row measure(int services) throws Exception {
        ClusterSnapshot snapshot = new SyntheticCluster(services, settings.endpointsPerService()).snapshot();
        Rendered rendered = compileAndRender(snapshot);
        Samples compile = measureCompile(snapshot);
        Optional<Samples> legacy = namespaces.isEmpty() ? Optional.empty()
                : measureRestore(IptablesFlavor.LEGACY, rendered.text(), settings.kernelRuns(), LEGACY_DEADLINE);
        Optional<Samples> nft = Optional.empty();
        String nftNote;
        if (namespaces.isEmpty()) {
            nftNote = "skipped: no namespaces";
        } else if (services > settings.nftMaxServices()) {
            nftNote = "skipped: above --nft-max-services " + settings.nftMaxServices();
        } else {
            nft = measureNft(rendered.text(), services);
            nftNote = nft.isPresent() ? "" : "timed out after " + settings.nftTimeout().toSeconds() + "s";
        }
        return new Row(services, rendered.ruleLines(Table.NAT), rendered.text().length(), compile, legacy, nft,
                nftNote);
    }

    /** Warms the JIT up for a bounded time, then times {@code runs} compiles. */
    private Samples measureCompile(ClusterSnapshot snapshot) {
        long warmUpEnd = System.nanoTime() + settings.warmUp().toNanos();
        for (int i = 0; i < settings.maxWarmUpIterations() && System.nanoTime() - warmUpEnd < 0; i++) {
            compileAndRender(snapshot);
        }
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < settings.runs(); i++) {
            long start = System.nanoTime();
            compileAndRender(snapshot);
            times.add(Duration.ofNanos(System.nanoTime() - start));
        }
        return new Samples(times);
    }

    private Rendered compileAndRender(ClusterSnapshot snapshot) {
        Rendered rendered = renderer.render(compiler.compile(snapshot, IpFamily.IPV4, OPTIONS));
        renderedChars += rendered.text().length();
        return rendered;
    }

    /** nf_tables is slow: several runs only while one stays short, and a deadline on each. */
    private Optional<Samples> measureNft(String text, int services) throws Exception {
        int runs = services <= 1_000 ? settings.kernelRuns() : 1;
        return measureRestore(IptablesFlavor.NFT, text, runs, settings.nftTimeout());
    }

    /**
     * Times {@code iptables-restore --noflush} of the whole text, each run into a fresh namespace's empty tables;
     * empty when a run missed its deadline.
     */
    private Optional<Samples> measureRestore(IptablesFlavor flavor, String text, int runs, Duration deadline)
            throws Exception {
        NetworkNamespaces netns = namespaces.orElseThrow();
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String ns = netns.create("restore");
            try {
                Optional<Duration> took = TimedRestore.run(flavor, ns, text, deadline);
                if (took.isEmpty()) {
                    return Optional.empty();
                }
                times.add(took.get());
            } finally {
                netns.delete(ns);
            }
        }
        return Optional.of(new Samples(times));
    }
}
