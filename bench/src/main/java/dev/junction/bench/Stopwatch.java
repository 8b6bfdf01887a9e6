package dev.junction.bench;

import java.time.Duration;

/** Wall-clock timing of one step, on the monotonic clock. */
final class Stopwatch {

    /** A step that may fail; the benchmark stops on the first failure. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private Stopwatch() {
    }

    static Duration time(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
