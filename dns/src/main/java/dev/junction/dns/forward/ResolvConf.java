package dev.junction.dns.forward;

import dev.junction.core.net.IpAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code nameserver} lines of a resolv.conf: the default upstreams, as CoreDNS's
 * {@code forward . /etc/resolv.conf}.
 */
public final class ResolvConf {

    public static final Path DEFAULT_PATH = Path.of("/etc/resolv.conf");
    private static final int DNS_PORT = 53;

    private ResolvConf() {
    }

    /** The nameservers in file order, port 53; lines that are not a nameserver with an IP are ignored. */
    public static List<InetSocketAddress> nameservers(Path path) throws IOException {
        return parse(Files.readString(path));
    }

    static List<InetSocketAddress> parse(String text) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2 || !fields[0].equals("nameserver")) {
                continue;
            }
            try {
                servers.add(new InetSocketAddress(IpAddress.parse(fields[1]).inet(), DNS_PORT));
            } catch (IllegalArgumentException e) {
                // a scoped IPv6 address (fe80::1%eth0) or garbage: resolvers skip such lines too
            }
        }
        return List.copyOf(servers);
    }
}
