package dev.junction.dns.server;

import dev.junction.core.net.IpAddress;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;

/**
 * The addresses a server bound to {@code listen} answers on, which the zone publishes for its nameserver: the listen
 * address itself, or for a wildcard address every address of this host's interfaces except loopback, as CoreDNS's
 * kubernetes plugin finds its own addresses.
 */
final class ServerAddresses {

    private ServerAddresses() {
    }

    static List<IpAddress> of(InetSocketAddress listen) {
        InetAddress address = listen.getAddress();
        if (!address.isAnyLocalAddress()) {
            return List.of(IpAddress.ofBytes(address.getAddress()));
        }
        try {
            return NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(local -> !local.isLoopbackAddress() && !local.isLinkLocalAddress())
                    .map(local -> IpAddress.ofBytes(local.getAddress()))
                    .sorted()
                    .toList();
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot list the network interfaces for the nameserver's addresses", e);
        }
    }
}
