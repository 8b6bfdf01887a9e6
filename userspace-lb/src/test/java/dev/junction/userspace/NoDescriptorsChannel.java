package dev.junction.userspace;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A client or listener channel whose class cannot make another channel, as when {@code socket()} fails for want of
 * descriptors: the frontends open endpoint sockets of their client's or listener's class ({@code SiblingChannels}).
 * Its addresses are the ones given, as a real socket's would be.
 */
public final class NoDescriptorsChannel extends EmbeddedChannel {

    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    /** What {@code SiblingChannels} calls: fails as a socket that cannot be opened. */
    public NoDescriptorsChannel() {
        throw new IllegalStateException("socket: Too many open files");
    }

    /** Registered (and active) once its addresses are set, with {@code handler} in its pipeline. */
    public NoDescriptorsChannel(InetSocketAddress local, InetSocketAddress remote, ChannelHandler handler)
            throws Exception {
        super(false, false, handler);
        this.local = local;
        this.remote = remote;
        register();
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }
}
