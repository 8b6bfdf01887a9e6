package dev.junction.userspace;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ReflectiveChannelFactory;

/**
 * New channels of another channel's class, for the endpoint side of a relay or flow: the frontends stay free of any
 * one transport by opening endpoint sockets like their client's or listener's. One factory per channel class, where a
 * {@code Bootstrap} per connection or flow would look the constructor up, copy its options and run the resolver
 * machinery every time.
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
}
