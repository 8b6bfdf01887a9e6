package dev.junction.core.health;

import dev.junction.core.net.IpFamily;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The status code and JSON body of {@code /healthz} or {@code /livez}, byte for byte as kube-proxy's handlers write
 * them with Go's {@code json.Marshal}: fields in declaration order, no spaces, RFC 3339 times with trailing zeros of
 * the fraction dropped, {@code nodeEligible} only on {@code /healthz}, {@code status} omitted when empty.
 */
record HealthResponse(int code, String body) {

    static final int OK = 200;
    static final int UNAVAILABLE = 503;

    /** The headers kube-proxy sets on every health answer, {@code /healthz}, {@code /livez} or a Service's. */
    static final Map<String, String> HEADERS =
            Map.of("Content-Type", "application/json", "X-Content-Type-Options", "nosniff");

    /** Go's {@code time.RFC3339Nano} in UTC. */
    private static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    /** {@code /livez}: the proxy's own health only. */
    static HealthResponse livez(HealthReport report) {
        return of(report, report.healthy(), Optional.empty());
    }

    /** {@code /healthz}: the proxy's health and whether load balancers should still send traffic to this node. */
    static HealthResponse healthz(HealthReport report, boolean nodeEligible) {
        return of(report, report.healthy() && nodeEligible, Optional.of(nodeEligible));
    }

    private static HealthResponse of(HealthReport report, boolean healthy, Optional<Boolean> nodeEligible) {
        // kube-proxy reports lastUpdated as "now" while healthy, as releases before per-family status did.
        Instant lastUpdated = healthy ? report.currentTime() : report.lastUpdated();
        StringBuilder json = new StringBuilder()
                .append("{\"lastUpdated\":").append(time(lastUpdated))
                .append(",\"currentTime\":").append(time(report.currentTime()));
        nodeEligible.ifPresent(eligible -> json.append(",\"nodeEligible\":").append(eligible));
        json.append(",\"healthy\":").append(report.healthy());
        if (!report.status().isEmpty()) {
            json.append(",\"status\":").append(status(report.status()));
        }
        return new HealthResponse(healthy ? OK : UNAVAILABLE, json.append('}').toString());
    }

    private static String status(Map<IpFamily, HealthReport.FamilyHealth> status) {
        return status.entrySet().stream()
                .map(e -> "\"" + e.getKey().kubernetesName() + "\":{\"lastUpdated\":" + time(e.getValue().lastUpdated())
                        + ",\"healthy\":" + e.getValue().healthy() + "}")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String time(Instant instant) {
        return "\"" + RFC3339_NANO.format(instant) + "\"";
    }
}
