package dev.junction.core.sync;

import static dev.junction.core.backend.SyncScope.FULL;
import static dev.junction.core.backend.SyncScope.PARTIAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.backend.SyncScope;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SyncScheduleTest {

    /** An arbitrary origin: only differences of ticker readings may matter. */
    private static final long ORIGIN = Duration.ofHours(7).toNanos();

    private static final SyncTiming KUBE_PROXY = timing(1_000, 30_000, 1_000);
    private static final SyncTiming NO_MIN = timing(0, 30_000, 1_000);

    record Case(String name, SyncTiming timing, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One call on the schedule at a time in milliseconds since the origin, with what it must answer. */
    sealed interface Step {
        void apply(SyncSchedule schedule);
    }

    record Next(long atMs, boolean synced, SyncSchedule.Decision expected) implements Step {
        @Override
        public void apply(SyncSchedule schedule) {
            assertThat(schedule.next(nanos(atMs), synced)).as("next at %dms synced=%s", atMs, synced)
                    .isEqualTo(expected);
        }
    }

    record Request(long atMs, boolean full) implements Step {
        @Override
        public void apply(SyncSchedule schedule) {
            if (full) {
                schedule.requestFullSync();
            } else {
                schedule.requestSync();
            }
        }
    }

    record Succeeded(long atMs, SyncScope applied) implements Step {
        @Override
        public void apply(SyncSchedule schedule) {
            schedule.succeeded(nanos(atMs), applied);
        }
    }

    record Failed(long atMs, long expectedDelayMs) implements Step {
        @Override
        public void apply(SyncSchedule schedule) {
            assertThat(schedule.failed(nanos(atMs))).as("retry delay after a failure at %dms", atMs)
                    .isEqualTo(Duration.ofMillis(expectedDelayMs).toNanos());
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("the first sync runs at once and is full", KUBE_PROXY, List.of(
                        run(0, FULL))),
                new Case("nothing runs before the source has synced, which is polled every retry interval",
                        KUBE_PROXY, List.of(
                                notSynced(0, 1_000),
                                notSynced(1_000, 2_000),
                                run(2_000, FULL))),
                new Case("a periodic sync due before the source has synced waits for it too", KUBE_PROXY, List.of(
                        notSynced(45_000, 46_000),
                        run(45_500, FULL))),
                new Case("requests coalesce into one sync, then the loop waits for the period", KUBE_PROXY, List.of(
                        run(0, FULL), ok(10, FULL),
                        request(20), request(30), request(40),
                        run(1_010, PARTIAL), ok(1_020, PARTIAL),
                        waitUntil(1_020, 31_020))),
                new Case("minSyncPeriod holds a request until that long after the previous sync ended", KUBE_PROXY,
                        List.of(
                                run(0, FULL), ok(500, FULL),
                                request(600),
                                waitUntil(600, 1_500),
                                waitUntil(1_499, 1_500),
                                run(1_500, PARTIAL))),
                new Case("minSyncPeriod 0 runs a request at once", NO_MIN, List.of(
                        run(0, FULL), ok(5, FULL),
                        request(5),
                        run(5, PARTIAL))),
                new Case("a request arriving during a sync runs after it", KUBE_PROXY, List.of(
                        run(0, FULL), request(50), ok(100, FULL),
                        waitUntil(100, 1_100),
                        run(1_100, PARTIAL))),
                new Case("without requests a partial sync runs syncPeriod after the last sync ended", KUBE_PROXY,
                        List.of(
                                run(0, FULL), ok(100, FULL),
                                waitUntil(100, 30_100),
                                waitUntil(30_099, 30_100),
                                run(30_100, PARTIAL))),
                new Case("syncs turn full once the last full sync started fullSyncPeriod (an hour) ago", NO_MIN,
                        List.of(
                                run(0, FULL), ok(0, FULL),
                                request(3_599_999), run(3_599_999, PARTIAL), ok(3_599_999, PARTIAL),
                                request(3_600_000), run(3_600_000, FULL))),
                new Case("a partial sync that the backend widened to full restarts the full period", NO_MIN, List.of(
                        run(0, FULL), ok(0, FULL),
                        request(1_000), run(1_000, PARTIAL), ok(1_000, FULL),
                        request(30_500), run(30_500, PARTIAL))),
                new Case("a full sync request makes the next sync full", KUBE_PROXY, List.of(
                        run(0, FULL), ok(0, FULL),
                        fullRequest(100),
                        waitUntil(100, 1_000),
                        run(1_000, FULL))),
                new Case("a full sync request is used up by the sync that starts", KUBE_PROXY, List.of(
                        run(0, FULL), ok(0, FULL),
                        fullRequest(100), run(1_000, FULL), ok(1_000, FULL),
                        request(1_500), run(2_000, PARTIAL))),
                new Case("a failed sync is retried fully after the retry interval", KUBE_PROXY, List.of(
                        run(0, FULL), ok(10, FULL),
                        request(20), run(1_010, PARTIAL), fail(1_020, 1_000),
                        waitUntil(1_020, 2_020),
                        run(2_020, FULL))),
                new Case("without requests a failed sync waits for the retry interval", timing(1_000, 30_000, 5_000),
                        List.of(
                                run(0, FULL), ok(0, FULL),
                                request(0), run(1_000, PARTIAL), fail(1_000, 5_000),
                                waitUntil(2_000, 6_000),
                                run(6_000, FULL))),
                new Case("a request during the backoff runs minSyncPeriod after the failure, fully",
                        timing(1_000, 30_000, 5_000), List.of(
                                run(0, FULL), fail(0, 5_000),
                                request(499),
                                waitUntil(499, 1_000),
                                run(1_000, FULL))),
                new Case("a successful sync cancels the pending retry", timing(1_000, 30_000, 5_000), List.of(
                        run(0, FULL), fail(0, 5_000),
                        request(100), run(1_000, FULL), ok(1_000, FULL),
                        waitUntil(1_000, 31_000))),
                new Case("a failed first sync is retried without any request", KUBE_PROXY, List.of(
                        run(0, FULL), fail(0, 1_000),
                        run(1_000, FULL))),
                new Case("the backoff doubles per consecutive failure up to syncPeriod", timing(0, 10_000, 1_000),
                        List.of(
                                run(0, FULL), fail(0, 1_000),
                                run(1_000, FULL), fail(1_000, 2_000),
                                run(3_000, FULL), fail(3_000, 4_000),
                                run(7_000, FULL), fail(7_000, 8_000),
                                run(15_000, FULL), fail(15_000, 10_000),
                                run(25_000, FULL), fail(25_000, 10_000))),
                new Case("a success resets the backoff and ends full syncs", timing(0, 10_000, 1_000), List.of(
                        run(0, FULL), fail(0, 1_000),
                        run(1_000, FULL), fail(1_000, 2_000),
                        run(3_000, FULL), ok(3_000, FULL),
                        request(3_000), run(3_000, PARTIAL), fail(3_000, 1_000))),
                new Case("minSyncPeriod longer than the backoff delays the retry", timing(2_000, 30_000, 1_000),
                        List.of(
                                run(0, FULL), fail(0, 2_000),
                                waitUntil(1_000, 2_000),
                                run(2_000, FULL))),
                new Case("a source that stops being synced pauses the loop", KUBE_PROXY, List.of(
                        run(0, FULL), ok(0, FULL),
                        request(5_000), notSynced(5_000, 6_000),
                        run(6_000, PARTIAL))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decides(Case c) {
        SyncSchedule schedule = new SyncSchedule(c.timing(), ORIGIN);
        c.steps().forEach(step -> step.apply(schedule));
    }

    private static SyncTiming timing(long minMs, long periodMs, long retryMs) {
        return new SyncTiming(Duration.ofMillis(minMs), Duration.ofMillis(periodMs), Duration.ofMillis(retryMs),
                SyncTiming.FULL_SYNC_PERIOD);
    }

    private static long nanos(long ms) {
        return ORIGIN + Duration.ofMillis(ms).toNanos();
    }

    private static Step run(long atMs, SyncScope scope) {
        return new Next(atMs, true, new SyncSchedule.Run(scope));
    }

    private static Step waitUntil(long atMs, long untilMs) {
        return new Next(atMs, true, new SyncSchedule.Wait(nanos(untilMs)));
    }

    private static Step notSynced(long atMs, long untilMs) {
        return new Next(atMs, false, new SyncSchedule.Wait(nanos(untilMs)));
    }

    private static Step request(long atMs) {
        return new Request(atMs, false);
    }

    private static Step fullRequest(long atMs) {
        return new Request(atMs, true);
    }

    private static Step ok(long atMs, SyncScope applied) {
        return new Succeeded(atMs, applied);
    }

    private static Step fail(long atMs, long expectedDelayMs) {
        return new Failed(atMs, expectedDelayMs);
    }
}
