package dev.junction.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Turns each scenario's results into a printed table with its ratio and target, plus a CSV file. */
final class Report {

    private static final double COMPILE_TARGET = 0.10;
    private static final Duration LATENCY_TARGET = Duration.ofSeconds(1);

    private final PrintStream out;
    private final Path results;

    Report(PrintStream out, Path results) {
        this.out = out;
        this.results = results;
    }

    void compileVsRestore(List<CompileVsRestore.Row> rows, BenchSettings settings) throws IOException {
        ResultTable table = new ResultTable("a. compile+render vs iptables-restore of the full ruleset (IPv4, x"
                + settings.endpointsPerService() + " endpoints; medians of " + settings.runs() + " compiles and "
                + settings.kernelRuns() + " restores, each restore into a fresh namespace)",
                "services", "nat_rules", "restore_mib", "compile_ms", "legacy_restore_ms", "compile/restore",
                "target<=10%", "nft_restore_ms", "nft/legacy");
        for (CompileVsRestore.Row row : rows) {
            Duration compile = row.compile().median();
            String legacy = row.legacy().map(s -> Samples.millis(s.median())).orElse("skipped or timed out");
            String ratio = row.legacy().map(s -> Samples.percent(compile, s.median())).orElse("-");
            String verdict = row.legacy().map(s -> verdict(compile.toNanos() <= COMPILE_TARGET * s.median().toNanos()))
                    .orElse("-");
            String nft = row.nft().map(s -> Samples.millis(s.median())).orElse(row.nftNote());
            String nftRatio = row.nft().isPresent() && row.legacy().isPresent()
                    ? times(row.nft().get().median(), row.legacy().get().median()) : "-";
            table.add(row.services(), row.natRules(), String.format(Locale.ROOT, "%.1f", row.restoreBytes() / 1048576.0),
                    Samples.millis(compile), legacy, ratio, verdict, nft, nftRatio);
        }
        finish(table, "compile-vs-restore.csv");
    }

    void partialVsFull(PartialVsFullSync.Result result, int runs) throws IOException {
        ResultTable table = new ResultTable("b. one moved endpoint: PARTIAL vs FULL sync through IptablesBackend"
                + " (legacy, medians of " + runs + " runs)",
                "services", "first_full_ms", "full_ms", "partial_ms", "partial/full", "target", "kernel_checked",
                "partial_compile_ms", "partial_nat_canary_ms", "partial_restore_ms");
        Duration partial = result.partial().median();
        Duration full = result.full().median();
        table.add(result.services(), Samples.millis(result.firstFull()), Samples.millis(full),
                Samples.millis(partial), Samples.percent(partial, full),
                verdict(partial.toNanos() * 5 <= full.toNanos()) + " (<=20%)",
                result.verified() ? "moved endpoint in nat" : "MOVED ENDPOINT MISSING",
                Samples.millis(result.partialCompile().median()), Samples.millis(result.natCanaryCheck().median()),
                Samples.millis(result.partialRestore().median()));
        finish(table, "partial-vs-full.csv");
    }

    void latency(List<ProgrammingLatency.Result> runs) throws IOException {
        ResultTable table = new ResultTable("c. network programming latency: change -> rules applied (SyncLoop"
                + " minSyncPeriod 0 + IptablesBackend (legacy) or NftBackend)",
                "mode", "services", "sync_period", "changes/s", "changes", "partial_syncs", "full_syncs", "p50_ms", "p90_ms",
                "p99_ms", "max_ms", "target_p99<1s", "histogram<=1s");
        ResultTable raw = new ResultTable("per change", "mode", "sync_period_s", "offset_ms", "latency_ms");
        for (ProgrammingLatency.Result result : runs) {
            Samples samples = result.samples();
            table.add(result.mode(), result.services(), result.syncPeriod().toSeconds() + "s", result.rate(), samples.count(),
                    result.partialSyncs(), result.fullSyncs(), Samples.millis(samples.median()),
                    Samples.millis(samples.percentile(90)), Samples.millis(samples.percentile(99)),
                    Samples.millis(samples.max()), verdict(samples.percentile(99).compareTo(LATENCY_TARGET) < 0),
                    result.histogramUnder1s() + "/" + result.histogramCount());
            for (int i = 0; i < result.latencies().size(); i++) {
                raw.add(result.mode(), result.syncPeriod().toSeconds(), result.offsetsMillis().get(i),
                        Samples.millis(result.latencies().get(i)));
            }
        }
        finish(table, "network-programming.csv");
        raw.writeCsv(results.resolve("network-programming-changes.csv"));
    }

    private void finish(ResultTable table, String csv) throws IOException {
        table.print(out);
        table.writeCsv(results.resolve(csv));
    }

    private static String verdict(boolean met) {
        return met ? "PASS" : "MISS";
    }

    private static String times(Duration slow, Duration fast) {
        return String.format(Locale.ROOT, "%.1fx", (double) slow.toNanos() / fast.toNanos());
    }
}
