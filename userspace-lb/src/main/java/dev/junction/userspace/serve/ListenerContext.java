package dev.junction.userspace.serve;

import dev.junction.userspace.UserspaceMeters.ProtocolMeters;
import io.micrometer.core.instrument.Counter;
import dev.junction.core.net.Protocol;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every Service port listener shares.
 *
 * @param ticker       monotonic nanoseconds for passive health ({@code System::nanoTime} in production)
 * @param traffic      the current view of pod and node addresses, replaced by each sync
 * @param listenErrors counts addresses a listener could not bind, per protocol
 */
record ListenerContext(ListenerTransport transport, ServeSettings settings, Map<Protocol, ProtocolMeters> meters,
        LongSupplier ticker, OriginalDestination originalDestination, Supplier<ClusterTraffic> traffic,
        Map<Protocol, Counter> listenErrors) {

    ListenerContext {
        meters = Map.copyOf(meters);
        listenErrors = Map.copyOf(listenErrors);
    }
}
