package dev.junction.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything a run is parameterised by; every loop is bounded by one of these counts or durations.
 *
 * @param scenarios            which of {@code compile}, {@code sync}, {@code latency} to run
 * @param sizes                Service counts for the compile-vs-restore scenario
 * @param runs                 timed repetitions of a compile (the median is reported)
 * @param kernelRuns           timed repetitions of a restore or sync, which take seconds at 10,000 Services
 * @param warmUp               JIT warm-up before timing a compile, at most {@code maxWarmUpIterations} compiles
 * @param nftMaxServices       largest size restored with the nf_tables flavor
 * @param nftTimeout           deadline of one nf_tables restore
 * @param latencyRate          single-endpoint changes per second in the latency scenario
 * @param syncPeriods          the latency scenario runs once per sync period (a periodic partial sync is due every period)
 * @param latencyModes         ... and once per proxy mode ({@code iptables}, {@code nftables})
 * @param netnsPrefix          prefix of every network namespace the run creates
 */
record BenchSettings(
        Set<String> scenarios,
        List<Integer> sizes,
        int endpointsPerService,
        int runs,
        int kernelRuns,
        Duration warmUp,
        int maxWarmUpIterations,
        int nftMaxServices,
        Duration nftTimeout,
        int syncServices,
        int latencyServices,
        Duration latencyWarmUp,
        Duration latencyDuration,
        double latencyRate,
        List<Duration> syncPeriods,
        List<String> latencyModes,
        Path results,
        String netnsPrefix) {

    BenchSettings {
        scenarios = Set.copyOf(scenarios);
        sizes = List.copyOf(sizes);
        syncPeriods = List.copyOf(syncPeriods);
        latencyModes = List.copyOf(latencyModes);
        if (runs < 1 || kernelRuns < 1 || latencyRate <= 0) {
            throw new IllegalArgumentException("runs " + runs + ", kernel runs " + kernelRuns + ", rate " + latencyRate
                    + " (expected: positive)");
        }
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }
}
