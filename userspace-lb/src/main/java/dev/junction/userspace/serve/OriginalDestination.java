package dev.junction.userspace.serve;

import dev.junction.core.conntrack.Conntrack;
import dev.junction.core.conntrack.ConntrackException;
import dev.junction.core.conntrack.ConntrackFlow;
import dev.junction.core.conntrack.NetlinkConntrack;
import dev.junction.core.net.IpAddress;
import dev.junction.userspace.tcp.Sockaddr;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a redirected TCP connection or UDP flow was going before {@code -j REDIRECT} rewrote it. For TCP,
 * {@code getsockopt(fd, SOL_IP, SO_ORIGINAL_DST)} (or {@code SOL_IPV6, IP6T_SO_ORIGINAL_DST}) on the accepted socket,
 * the only call into the C library in this module; a datagram has no such socket, so for UDP conntrack is asked over
 * netlink for the entry whose reply tuple the flow's datagrams match. Conntrack answers for every tracked connection,
 * redirected or not, so a caller compares the answer with the socket's local address before believing in a redirect.
 * Thread-safe.
 */
public final class OriginalDestination {

    static final int SOL_IP = 0;
    static final int SOL_IPV6 = 41;
    /** {@code SO_ORIGINAL_DST} and {@code IP6T_SO_ORIGINAL_DST} share the number. */
    static final int SO_ORIGINAL_DST = 80;

    /** The C function used. Public only because JNR-FFI generates the implementation in its own class loader. */
    public interface LibC {
        int getsockopt(int fd, int level, int option, @Out byte[] value, @In @Out int[] valueLength);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OriginalDestination.class);
    /** A netlink answer comes in microseconds; a slow one must not hold the event loop. */
    private static final Duration CONNTRACK_TIMEOUT = Duration.ofMillis(200);

    private final LibC libc;
    private final Conntrack conntrack;

    OriginalDestination(LibC libc, Conntrack conntrack) {
        this.libc = libc;
        this.conntrack = conntrack;
    }

    /** Loads the C library. */
    public static OriginalDestination load() {
        return new OriginalDestination(LibraryLoader.create(LibC.class).load("c"),
                new NetlinkConntrack(CONNTRACK_TIMEOUT));
    }

    /**
     * The original destination of the UDP flow from {@code client} to a listener on {@code listenerPort}. REDIRECT
     * rewrote the destination to the receiving interface's primary address (loopback for the node's own traffic), so
     * the flow's reply tuple starts at one of {@code localAddresses}: each is tried until conntrack knows the tuple.
     * Empty when none matches or conntrack cannot be asked (then logged at DEBUG).
     */
    public Optional<InetSocketAddress> ofDatagram(InetSocketAddress client, int listenerPort,
            Collection<IpAddress> localAddresses) {
        IpAddress clientIp = new IpAddress(client.getAddress());
        List<ConntrackFlow.Tuple> replies = localAddresses.stream().filter(local -> local.family() == clientIp.family())
                .map(local -> new ConntrackFlow.Tuple(local, listenerPort, clientIp, client.getPort())).toList();
        try {
            return conntrack.findByReply(Protocol.UDP, replies).map(flow -> new InetSocketAddress(
                    flow.original().destination().inet(), flow.original().destinationPort()));
        } catch (ConntrackException e) {
            LOG.debug("cannot ask conntrack where a datagram was sent client={} cause={}", client, e.toString());
            return Optional.empty();
        }
    }

    /** The original destination of the connection on socket {@code fd}; empty when conntrack does not know it. */
    public Optional<InetSocketAddress> of(int fd, IpFamily family) {
        byte[] address = new byte[Sockaddr.IN6_LENGTH];
        int[] length = {family == IpFamily.IPV4 ? Sockaddr.IN_LENGTH : Sockaddr.IN6_LENGTH};
        int level = family == IpFamily.IPV4 ? SOL_IP : SOL_IPV6;
        if (libc.getsockopt(fd, level, SO_ORIGINAL_DST, address, length) != 0) {
            return Optional.empty();
        }
        return Optional.of(Sockaddr.decode(address, length[0]));
    }
}
