package dev.junction.core.conntrack;

import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.netlink.Netlink;
import dev.junction.core.netlink.NetfilterNetlink;
import dev.junction.core.netlink.NetlinkException;
import dev.junction.core.netlink.NetlinkSocket;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Conntrack} over {@code NETLINK_NETFILTER} sockets from {@link NetfilterNetlink}.
 *
 * <p>A call opens its own socket and closes it before returning, except {@link #findByReply} on a Netty event loop
 * (a thread that cleans up its {@link FastThreadLocal}s when it ends): it runs for every new redirected UDP flow, so
 * each loop keeps one socket, closed when the loop ends, or at once after a failure, so that a reply that came too
 * late can never meet the next lookup. Instances are thread-safe. A netlink socket talks to the network namespace of
 * the thread that creates it: call from a thread in the namespace whose table you mean (for the agent, the node's).
 */
public final class NetlinkConntrack implements Conntrack {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkConntrack.class);

    private static final int RECEIVE_BUFFER = 64 * 1024;
    /** One entry and its header take a few hundred bytes; a lookup runs per new redirected UDP flow. */
    private static final int GET_BUFFER = 4 * 1024;
    private static final String GET = "conntrack get";

    private final NetfilterNetlink netlink;
    private final CtnetlinkEncoder encoder = new CtnetlinkEncoder(ByteOrder.nativeOrder());
    private final CtnetlinkDecoder decoder = new CtnetlinkDecoder(ByteOrder.nativeOrder());
    private final AtomicInteger sequence = new AtomicInteger();
    private final FastThreadLocal<KeptSocket> lookupSockets = new FastThreadLocal<>() {
        @Override
        protected KeptSocket initialValue() {
            return new KeptSocket(netlink.open(GET), new byte[GET_BUFFER]);
        }

        @Override
        protected void onRemoval(KeptSocket kept) {
            kept.socket().close();
        }
    };

    /** An event loop's lookup socket and the buffer its replies are read into. */
    private record KeptSocket(NetlinkSocket socket, byte[] buffer) {
    }

    /**
     * Loads the C library.
     *
     * @param receiveTimeout how long to wait for each reply datagram before failing the call
     */
    public NetlinkConntrack(Duration receiveTimeout) {
        this.netlink = new NetfilterNetlink(receiveTimeout);
    }

    @Override
    public List<ConntrackFlow> listUdp(IpFamily family) {
        String operation = "conntrack dump " + family;
        try (NetlinkSocket socket = netlink.open(operation)) {
            int seq = sequence.incrementAndGet();
            socket.send(encoder.dumpRequest(family, seq));
            List<ConntrackFlow> flows = new ArrayList<>();
            byte[] buffer = new byte[RECEIVE_BUFFER];
            boolean interrupted = false;
            CtnetlinkDecoder.DumpPart part;
            do {
                part = decoder.decodeDump(buffer, socket.receive(buffer), seq);
                part.flows().stream().filter(f -> f.protocol() == Protocol.UDP && f.family() == family)
                        .forEach(flows::add);
                interrupted |= part.interrupted();
            } while (!part.done());
            if (interrupted) {
                LOG.debug("conntrack dump interrupted by table changes, using partial result family={} flows={}",
                        family, flows.size());
            }
            return flows;
        } catch (NetlinkException e) {
            throw new ConntrackException(e.getMessage(), e);
        }
    }

    @Override
    public int delete(List<ConntrackFlow> flows) {
        if (flows.isEmpty()) {
            return 0;
        }
        int deleted = 0;
        List<String> failures = new ArrayList<>();
        try (NetlinkSocket socket = netlink.open("conntrack delete")) {
            byte[] buffer = new byte[RECEIVE_BUFFER];
            for (ConntrackFlow flow : flows) {
                int errno = deleteOne(socket, buffer, flow);
                if (errno == 0) {
                    deleted++;
                } else if (errno != Netlink.ENOENT) {
                    failures.add(flow + ": errno " + Netlink.describeErrno(errno));
                }
            }
        } catch (ConntrackException | NetlinkException e) {
            throw new ConntrackException(e.getMessage(), deleted, e);
        }
        if (!failures.isEmpty()) {
            throw new ConntrackException("conntrack delete: " + failures.size() + " of " + flows.size()
                    + " flows failed, first " + failures.getFirst(), deleted, null);
        }
        return deleted;
    }

    @Override
    public Optional<ConntrackFlow> findByReply(Protocol protocol, List<ConntrackFlow.Tuple> replies) {
        if (replies.isEmpty()) {
            return Optional.empty();
        }
        if (!FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals()) {
            try (NetlinkSocket socket = netlink.open(GET)) {
                return findByReply(socket, new byte[GET_BUFFER], protocol, replies);
            } catch (NetlinkException e) {
                throw new ConntrackException(e.getMessage(), e);
            }
        }
        try {
            KeptSocket kept = lookupSockets.get();
            return findByReply(kept.socket(), kept.buffer(), protocol, replies);
        } catch (NetlinkException e) {
            lookupSockets.remove();
            throw new ConntrackException(e.getMessage(), e);
        }
    }

    private Optional<ConntrackFlow> findByReply(NetlinkSocket socket, byte[] buffer, Protocol protocol,
            List<ConntrackFlow.Tuple> replies) {
        for (ConntrackFlow.Tuple reply : replies) {
            int seq = sequence.incrementAndGet();
            socket.send(encoder.getByReplyRequest(protocol, reply, seq));
            Optional<ConntrackFlow> flow = decoder.decodeGet(buffer, socket.receive(buffer), seq);
            if (flow.isPresent()) {
                return flow;
            }
        }
        return Optional.empty();
    }

    /** Sends one delete and waits for its acknowledgement; returns its errno (0 when deleted). */
    private int deleteOne(NetlinkSocket socket, byte[] buffer, ConntrackFlow flow) {
        int seq = sequence.incrementAndGet();
        socket.send(encoder.deleteRequest(flow, seq));
        while (true) {
            for (CtnetlinkDecoder.Ack ack : decoder.decodeAcks(buffer, socket.receive(buffer))) {
                if (ack.sequence() == seq) {
                    return ack.errno();
                }
            }
        }
    }
}
