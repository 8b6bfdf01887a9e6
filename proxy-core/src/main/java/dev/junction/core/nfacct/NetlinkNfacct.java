package dev.junction.core.nfacct;

import dev.junction.core.netlink.Netlink;
import dev.junction.core.netlink.NetfilterNetlink;
import dev.junction.core.netlink.NetlinkException;
import dev.junction.core.netlink.NetlinkSocket;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Nfacct} over {@code NETLINK_NETFILTER} sockets. Every call opens its own socket and closes it before
 * returning, so instances are thread-safe; a call acts on the network namespace of the calling thread.
 */
public final class NetlinkNfacct implements Nfacct {

    /** One object with its name and counters takes under 100 bytes; an error echoes the request. */
    private static final int REPLY_BUFFER = 1024;

    private final NetfilterNetlink netlink;
    private final NfacctCodec codec = new NfacctCodec(ByteOrder.nativeOrder());
    private final AtomicInteger sequence = new AtomicInteger();

    /** @param receiveTimeout how long to wait for the kernel's answer before failing the call */
    public NetlinkNfacct(Duration receiveTimeout) {
        this.netlink = new NetfilterNetlink(receiveTimeout);
    }

    @Override
    public void ensure(String name) {
        String operation = "nfacct create " + name;
        try (NetlinkSocket socket = netlink.open(operation)) {
            int seq = sequence.incrementAndGet();
            socket.send(codec.newRequest(name, seq));
            byte[] buffer = new byte[REPLY_BUFFER];
            int errno = codec.decodeAck(buffer, socket.receive(buffer), seq);
            // EBUSY: the object exists, and without NLM_F_REPLACE the kernel keeps its counts, as kube-proxy wants.
            if (errno != 0 && errno != Netlink.EBUSY) {
                throw new NetlinkException(operation + ": the kernel answered errno " + Netlink.describeErrno(errno));
            }
        }
    }

    @Override
    public long packets(String name) {
        try (NetlinkSocket socket = netlink.open("nfacct get " + name)) {
            int seq = sequence.incrementAndGet();
            socket.send(codec.getRequest(name, seq));
            byte[] buffer = new byte[REPLY_BUFFER];
            return codec.decodeCounts(buffer, socket.receive(buffer), seq, name).packets();
        }
    }
}
