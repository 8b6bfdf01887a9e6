package dev.junction.core.config;

/**
 * How often Netty's leak detector samples a buffer in a Junction process. Netty takes a stack trace of every sampled
 * buffer: at its default, one buffer in 128, that was 1.4% of the userspace proxy's CPU on new connections. One in
 * 1,024 still reports a leak on a path that every connection or query takes within seconds, for an eighth of the
 * cost. Tests run the detector at {@code paranoid} instead, on every buffer.
 */
public final class LeakDetectionSampling {

    static final String PROPERTY = "io.netty.leakDetection.samplingInterval";
    static final String INTERVAL = "1024";

    private LeakDetectionSampling() {
    }

    /** Sets the interval unless the operator gave one ({@code -D}); call before any Netty class reads it. */
    public static void applyDefault() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, INTERVAL);
        }
    }
}
