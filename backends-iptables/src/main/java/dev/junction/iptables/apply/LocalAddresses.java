package dev.junction.iptables.apply;

import dev.junction.core.net.Cidr;
import dev.junction.core.net.IpAddress;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;

/**
 * The addresses of this network namespace's interfaces, read on every call (interfaces come and go), for
 * {@code nodePortAddresses} as kube-proxy's {@code NodePortAddresses.GetNodeIPs}.
 */
public final class LocalAddresses {

    private LocalAddresses() {
    }

    /** The local addresses inside any of {@code cidrs}, sorted, without IPv6 link-local addresses. */
    public static List<IpAddress> within(List<Cidr> cidrs) throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLinkLocalAddress())
                .map(LocalAddresses::withoutScope)
                .filter(address -> cidrs.stream().anyMatch(cidr -> cidr.contains(address)))
                .distinct()
                .sorted()
                .toList();
    }

    private static IpAddress withoutScope(InetAddress address) {
        return IpAddress.ofBytes(address.getAddress());
    }
}
