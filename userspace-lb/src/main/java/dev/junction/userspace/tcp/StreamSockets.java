package dev.junction.userspace.tcp;

import io.netty.channel.ChannelException;
import io.netty.channel.unix.Socket;

/** New non-blocking TCP sockets of a given family, which {@link Socket}'s public factory does not offer. */
final class StreamSockets extends Socket {

    private StreamSockets() {
        super(-1);
    }

    /**
     * @throws ChannelException when no socket can be opened (out of descriptors, most likely)
     */
    static Socket open(boolean ipv6) {
        return new Socket(newSocketStream0(ipv6));
    }
}
