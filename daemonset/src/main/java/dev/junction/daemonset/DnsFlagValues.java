package dev.junction.daemonset;

import dev.junction.core.config.HostPort;
import dev.junction.dns.records.PodRecords;
import dev.junction.dns.records.ZoneSettings;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads the DNS responder's flag values for {@code junction dns} and {@code junction run --dns-listen}, which spell
 * the flags differently: a bad value is a usage error naming the flag as the user typed it.
 */
final class DnsFlagValues {

    private final CommandLine command;

    DnsFlagValues(CommandLine command) {
        this.command = command;
    }

    ZoneSettings zone(Flag domain, Flag ttl, Flag podRecords) {
        long ttlSeconds = parse(ttl, DnsFlagValues::parseTtl);
        PodRecords pods = parse(podRecords, PodRecords::parse);
        try {
            return new ZoneSettings(domain.text(), ttlSeconds, pods);
        } catch (IllegalArgumentException e) {
            // The zone's own message names the domain.
            throw new ParameterException(command, domain.name() + ": " + e.getMessage(), e);
        }
    }

    /** The resolvers given with {@code flag}, or the defaults when it was not given. */
    List<InetSocketAddress> upstreams(String flag, List<String> given, Supplier<List<InetSocketAddress>> defaults) {
        if (given == null) {
            return defaults.get();
        }
        return given.stream().map(text -> address(new Flag(flag, text), 53).toSocketAddress()).toList();
    }

    HostPort address(Flag flag, int defaultPort) {
        return parse(flag, text -> HostPort.parse(text, defaultPort));
    }

    <T> T parse(Flag flag, Function<String, T> parser) {
        try {
            return parser.apply(flag.text());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command, flag.name() + " \"" + flag.text() + "\" " + e.getMessage(), e);
        }
    }

    private static long parseTtl(String text) {
        long seconds;
        try {
            seconds = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("(expected: 0-3600 seconds)", e);
        }
        if (seconds < 0 || seconds > 3600) {
            throw new IllegalArgumentException("(expected: 0-3600 seconds)");
        }
        return seconds;
    }

    /** A flag's name and the text given for it. */
    record Flag(String name, String text) {
    }
}
