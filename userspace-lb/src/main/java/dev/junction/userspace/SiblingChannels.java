package dev.junction.userspace;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.ReflectiveChannelFactory;
import java.net.SocketAddress;

/**
 * New channels of another channel's class, for the endpoint side of a relay or flow, and their connect: the frontends
 * stay free of any one transport by opening endpoint sockets like their client's or listener's. One factory per
 * channel class, where a {@code Bootstrap} per connection or flow would look the constructor up, copy its options and
 * run the resolver machinery every time.
 */
public final class SiblingChannels {

    private static final ClassValue<ChannelFactory<Channel>> FACTORIES = new ClassValue<>() {
        @Override
        protected ChannelFactory<Channel> computeValue(Class<?> type) {
            return new ReflectiveChannelFactory<>(type.asSubclass(Channel.class));
        }
    };

    private SiblingChannels() {
    }

    /**
     * A new, unregistered channel of {@code model}'s class.
     *
     * @throws ChannelException when its socket cannot be opened (out of descriptors, most likely)
     */
    public static Channel newSibling(Channel model) {
        return FACTORIES.get(model.getClass()).newChannel();
    }

    /**
     * Registers {@code channel} on {@code loop} and connects it to {@code remote}: the returned future fails with the
     * registration's cause, or completes as the connect does. On the channel's own loop registering is done at once.
     */
    public static ChannelFuture connect(Channel channel, EventLoop loop, SocketAddress remote) {
        ChannelFuture registering = loop.register(channel);
        if (registering.isDone()) {
            return registering.isSuccess() ? channel.connect(remote) : registering;
        }
        ChannelPromise connecting = channel.newPromise();
        registering.addListener(registered -> {
            if (registered.isSuccess()) {
                channel.connect(remote, connecting);
            } else {
                connecting.setFailure(registered.cause());
            }
        });
        return connecting;
    }
}
