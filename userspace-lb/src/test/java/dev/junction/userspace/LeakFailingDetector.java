package dev.junction.userspace;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Netty's leak detector, made the module's detector by the surefire property {@code io.netty.customResourceLeakDetector}:
 * it logs as usual and also keeps every report, so that {@link LeakCheckExtension} fails the test that leaked (or the
 * next one, when the garbage collector finds the buffer late).
 */
public final class LeakFailingDetector<T> extends ResourceLeakDetector<T> {

    private static final ConcurrentLinkedQueue<String> REPORTS = new ConcurrentLinkedQueue<>();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    /** Netty's factory looks this older constructor up too, and logs an error when it is missing. */
    @SuppressWarnings("deprecation")
    public LeakFailingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
        INSTALLED.set(true);
    }

    /** The constructor Netty's factory calls. */
    public LeakFailingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        INSTALLED.set(true);
    }

    /** Whether Netty created one of these, so that a run without the surefire property cannot pass silently. */
    static boolean isInstalled() {
        return INSTALLED.get();
    }

    /** The reports since the last call, oldest first. */
    static List<String> drain() {
        List<String> drained = new ArrayList<>();
        for (String report = REPORTS.poll(); report != null; report = REPORTS.poll()) {
            drained.add(report);
        }
        return drained;
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add(resourceType + " leaked:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add(resourceType + " leaked (no records)");
        super.reportUntracedLeak(resourceType);
    }
}
