package dev.junction.core.sync;

/** A monotonic time source in nanoseconds, injected so that tests drive the sync loop's schedule by hand. */
@FunctionalInterface
interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long read();
}
