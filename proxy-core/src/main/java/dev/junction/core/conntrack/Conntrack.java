package dev.junction.core.conntrack;

import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's connection tracking table of the caller's network namespace, as far as Service cleanup needs it. The
 * real one is {@link NetlinkConntrack}; unit tests use an in-memory table.
 */
public interface Conntrack {

    /**
     * The UDP entries of one family. A dump the kernel reports as interrupted (the table changed meanwhile) is still
     * returned: as kube-proxy does, cleanup works with the partial view and catches the rest on the next sync.
     *
     * @throws ConntrackException when the table cannot be read
     */
    List<ConntrackFlow> listUdp(IpFamily family);

    /**
     * Deletes each flow, identified by its original tuple; a flow already gone (ENOENT) counts as deleted by someone
     * else and not in the result.
     *
     * @return how many entries this call deleted
     * @throws ConntrackException when some deletes failed, after trying all of them; {@link
     *     ConntrackException#deletedBeforeFailure()} says how many were deleted nonetheless
     */
    int delete(List<ConntrackFlow> flows);

    /**
     * The entry whose reply tuple is the first of {@code replies} that one has: how a socket that received a NATed
     * datagram learns where the client sent it (the entry's original destination), since a datagram carries no
     * {@code SO_ORIGINAL_DST}. The candidates are asked in order, over one netlink socket.
     *
     * @return empty when no entry has any of the reply tuples
     * @throws ConntrackException when the table cannot be asked
     */
    Optional<ConntrackFlow> findByReply(Protocol protocol, List<ConntrackFlow.Tuple> replies);
}
