package dev.junction.core.config;

import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import java.net.InetSocketAddress;

/**
 * An address and port a server listens on, written {@code 0.0.0.0:10256} or {@code [::]:10256}. Port 0 lets the
 * kernel pick one (useful in tests).
 */
public record HostPort(IpAddress address, int port) {

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " (expected: 0-65535)");
        }
    }

    /**
     * Parses {@code ip:port} or {@code [ipv6]:port}; a bare IP gets {@code defaultPort}, as kube-proxy's
     * {@code AppendPortIfNeeded} does.
     */
    public static HostPort parse(String text, int defaultPort) {
        String host = text;
        int port = defaultPort;
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        if (bracketed && text.endsWith("]")) {
            host = text.substring(1, text.length() - 1);
        } else if (bracketed || (colon >= 0 && text.indexOf(':') == colon)) {
            int hostEnd = bracketed ? text.indexOf("]:") : colon;
            if (hostEnd < 0) {
                throw new IllegalArgumentException("(expected: ip:port, [ipv6]:port or an IP)");
            }
            host = text.substring(bracketed ? 1 : 0, hostEnd);
            port = parsePort(text.substring(hostEnd + (bracketed ? 2 : 1)));
        }
        IpAddress address;
        try {
            address = IpAddress.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("(expected: ip:port, [ipv6]:port or an IP)", e);
        }
        return new HostPort(address, port);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address.inet(), port);
    }

    @Override
    public String toString() {
        return address.family() == IpFamily.IPV6 ? "[" + address + "]:" + port : address + ":" + port;
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("port \"" + text + "\" (expected: 0-65535)");
        }
        return Integer.parseInt(text);
    }
}
