package dev.junction.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reports a leaked buffer. Registered for every test of the module through
 * {@code META-INF/services} and {@code junit-platform.properties}. After each test it collects garbage, waits until the
 * collector has enqueued what it found, and allocates one buffer: Netty reports leaks on allocation.
 */
public final class LeakCheckExtension implements AfterEachCallback {

    private static final int GC_ROUNDS = 2;
    private static final long ENQUEUE_WAIT_MILLIS = 1_000;

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        assertThat(ResourceLeakDetector.getLevel()).as("leak detection level").isEqualTo(ResourceLeakDetector.Level.PARANOID);
        for (int round = 0; round < GC_ROUNDS; round++) {
            collectGarbage();
            ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(1);
            probe.release();
        }
        assertThat(LeakFailingDetector.isInstalled())
                .as("io.netty.customResourceLeakDetector=%s", LeakFailingDetector.class.getName()).isTrue();
        assertThat(LeakFailingDetector.drain()).as("Netty leak reports").isEmpty();
    }

    /** One full collection, returning once a reference that died in it has been enqueued. */
    private static void collectGarbage() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        System.gc();
        queue.remove(ENQUEUE_WAIT_MILLIS);
        sentinel.clear();
    }
}
