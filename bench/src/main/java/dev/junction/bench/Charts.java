package dev.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts of a run, written next to its CSV files so that a reader sees the shape of the numbers at a glance. */
final class Charts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;

    private final Path results;

    Charts(Path results) {
        this.results = results;
    }

    /** Median milliseconds against Service count, log scale: compile, legacy restore, nf_tables restore. */
    void compileVsRestore(List<CompileVsRestore.Row> rows) throws IOException {
        XYChart chart = chart("compile+render vs iptables-restore of the full ruleset (x10 endpoints, median)",
                "Services", "milliseconds (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        addLine(chart, "Junction compile+render", rows, r -> Optional.of(r.compile()));
        addLine(chart, "iptables-restore (legacy)", rows, CompileVsRestore.Row::legacy);
        addLine(chart, "iptables-restore (nft flavor)", rows, CompileVsRestore.Row::nft);
        save(chart, "compile-vs-restore.png");
    }

    /** Each change's latency against when it was made, one series per sync period, with the 1 s target. */
    void latency(List<ProgrammingLatency.Result> runs) throws IOException {
        if (runs.isEmpty()) {
            return;
        }
        ProgrammingLatency.Result first = runs.getFirst();
        XYChart chart = chart("network programming latency, " + String.format("%,d", first.services())
                + " Services, " + first.rate() + " endpoint changes/s (minSyncPeriod 0)",
                "seconds into the measured phase", "change -> rules applied, milliseconds");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        double end = 0;
        for (ProgrammingLatency.Result run : runs) {
            List<Double> x = run.offsetsMillis().stream().map(ms -> ms / 1000.0).toList();
            List<Double> y = run.latencies().stream().map(Charts::millis).toList();
            chart.addSeries(run.mode() + ", syncPeriod " + run.syncPeriod().toSeconds() + "s (p99 "
                    + Samples.millis(run.samples().percentile(99)) + " ms)", x, y);
            end = Math.max(end, x.getLast());
        }
        chart.addSeries("target: p99 < 1000 ms", List.of(0.0, end), List.of(1000.0, 1000.0))
                .setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE);
        save(chart, "network-programming.png");
    }

    /** Queries per second per DNS server, one bar each, with the p99 latency at a fixed rate in the label. */
    void dnsQps(List<DnsChart.Row> rows) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("DNS queries/s, 1,000 cluster names, dnsperf -c 10 (same run)")
                .xAxisTitle("server (p99 at a fixed rate)").yAxisTitle("queries per second").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.addSeries("qps", rows.stream().map(r -> r.server() + " (p99 " + r.p99Millis() + " ms)").toList(),
                rows.stream().map(DnsChart.Row::qps).toList());
        save(chart, "dns-qps.png");
    }

    private void save(Chart<?, ?> chart, String file) throws IOException {
        Files.createDirectories(results);
        if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", results.resolve(file).toFile())) {
            throw new IOException("no PNG writer in this JDK for " + results.resolve(file));
        }
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setMarkerSize(8);
        return chart;
    }

    private static void addLine(XYChart chart, String name, List<CompileVsRestore.Row> rows,
            Function<CompileVsRestore.Row, Optional<Samples>> samples) {
        List<Integer> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (CompileVsRestore.Row row : rows) {
            samples.apply(row).ifPresent(s -> {
                x.add(row.services());
                y.add(millis(s.median()));
            });
        }
        if (!x.isEmpty()) {
            chart.addSeries(name, x, y);
        }
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
