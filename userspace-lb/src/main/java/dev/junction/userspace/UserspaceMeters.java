package dev.junction.userspace;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of the userspace load balancer. Tags are bounded: the protocol ({@code tcp}, {@code udp}), for bytes the
 * direction, for refusals the reason; never a Service name or an address. For UDP a connection is a flow: the
 * datagrams of one client address and port, relayed to one endpoint.
 */
public enum UserspaceMeters {
    ACTIVE_CONNECTIONS("junction.userspace.connections.active", "client connections open now"),
    CONNECTIONS("junction.userspace.connections", "client connections accepted"),
    BYTES("junction.userspace.bytes", "bytes relayed, by direction (upstream: client to endpoint)"),
    CONNECT_ERRORS("junction.userspace.connect.errors", "connects to an endpoint that failed or timed out, or"
            + " found no socket to use"),
    EJECTIONS("junction.userspace.endpoint.ejections", "endpoints ejected by passive health"),
    REFUSED("junction.userspace.refused", "new connections (tcp) or datagrams (udp) turned away, by reason: limit "
            + "(the listener's connection or flow limit), no_endpoints, overload (a udp queue or socket was full)"),
    LISTEN_ERRORS("junction.userspace.listen.errors", "Service port addresses a listener could not bind");

    public static final String PROTOCOL = "protocol";
    public static final String DIRECTION = "direction";
    public static final String REASON = "reason";

    private final String meterName;
    private final String description;

    UserspaceMeters(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    /**
     * The meters of one protocol, held by the handlers so that recording is a field read. {@code active} is the
     * gauge's state: this record keeps the strong reference the registry does not.
     */
    public record ProtocolMeters(AtomicLong active, Counter connections, Counter bytesUpstream,
            Counter bytesDownstream, Counter connectErrors, Counter ejections, Refusals refused) {
    }

    /** {@link #REFUSED} by reason. */
    public record Refusals(Counter atLimit, Counter noEndpoints, Counter overload) {
    }

    /** Registers every meter of {@code protocol} (for example {@code "tcp"}), each scraped at zero from the start. */
    public static ProtocolMeters bindTo(MeterRegistry registry, String protocol) {
        Tags tags = Tags.of(PROTOCOL, protocol);
        AtomicLong active = new AtomicLong();
        Gauge.builder(ACTIVE_CONNECTIONS.meterName, active, AtomicLong::get)
                .description(ACTIVE_CONNECTIONS.description).tags(tags).register(registry);
        return new ProtocolMeters(active,
                CONNECTIONS.counter(registry, tags),
                BYTES.counter(registry, tags.and(DIRECTION, "upstream")),
                BYTES.counter(registry, tags.and(DIRECTION, "downstream")),
                CONNECT_ERRORS.counter(registry, tags),
                EJECTIONS.counter(registry, tags),
                new Refusals(REFUSED.counter(registry, tags.and(REASON, "limit")),
                        REFUSED.counter(registry, tags.and(REASON, "no_endpoints")),
                        REFUSED.counter(registry, tags.and(REASON, "overload"))));
    }

    /** Counts binds that failed, for the listeners of {@code protocol}. */
    public static Counter listenErrors(MeterRegistry registry, String protocol) {
        return LISTEN_ERRORS.counter(registry, Tags.of(PROTOCOL, protocol));
    }

    private Counter counter(MeterRegistry registry, Tags tags) {
        Counter.Builder builder = Counter.builder(meterName).description(description).tags(tags);
        return (this == BYTES ? builder.baseUnit("bytes") : builder).register(registry);
    }
}
