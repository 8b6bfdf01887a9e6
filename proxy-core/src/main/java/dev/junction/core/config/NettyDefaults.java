package dev.junction.core.config;

import java.util.Map;

/**
 * Netty settings of a Junction process, each kept when the operator gives its own ({@code -D}).
 *
 * <ul>
 *   <li>The leak detector samples one buffer in 1,024. Netty takes a stack trace of every sampled buffer: at its
 *       default, one in 128, that was 1.4% of the userspace proxy's CPU on new connections. One in 1,024 still
 *       reports a leak on a path that every connection or query takes within seconds, for an eighth of the cost.
 *       Tests run the detector at {@code paranoid} instead, on every buffer.</li>
 *   <li>The buffer allocator pools large buffers whatever the heap size. With at most 512 MiB of heap (a DaemonSet
 *       with a small memory limit, or the benchmarks' 512 MiB) Netty's {@code io.netty.allocator.lowMemory} default
 *       pools nothing above 16,896 bytes and shares every pool between threads, so each 64 KiB read of a bulk
 *       transfer was a fresh direct buffer with a Cleaner: pooling halved the proxy's user CPU per 1 MiB relayed
 *       (58-65 against 127-148 ms per 1,000). What Junction holds is bounded by its connections either way (one
 *       read buffer per direction).</li>
 * </ul>
 */
public final class NettyDefaults {

    static final Map<String, String> PROPERTIES = Map.of(
            "io.netty.leakDetection.samplingInterval", "1024",
            "io.netty.allocator.lowMemory", "false");

    private NettyDefaults() {
    }

    /** Sets every property the operator has not set; call before any Netty class reads them. */
    public static void apply() {
        PROPERTIES.forEach((property, value) -> {
            if (System.getProperty(property) == null) {
                System.setProperty(property, value);
            }
        });
    }
}
