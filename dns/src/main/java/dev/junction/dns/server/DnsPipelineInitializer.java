package dev.junction.dns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Composes the pipelines. UDP: datagram decoder, query handler, forward handler, errors; replies go out through the
 * metrics handler and the datagram encoder. TCP (RFC 1035 4.2.2 and RFC 7766: several queries per connection, replies
 * in any order): idle timeout → 2-octet length framing → the same handlers, replies length-prefixed.
 */
final class DnsPipelineInitializer extends ChannelInitializer<Channel> {

    private static final int MAX_TCP_MESSAGE = 65_535;

    private final Transport transport;
    private final DnsHandlers handlers;
    private final Duration tcpIdleTimeout;

    DnsPipelineInitializer(Transport transport, DnsHandlers handlers, Duration tcpIdleTimeout) {
        this.transport = transport;
        this.handlers = handlers;
        this.tcpIdleTimeout = tcpIdleTimeout;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (transport == Transport.UDP) {
            pipeline.addLast("reply-encoder", handlers.udpReplyEncoder());
            pipeline.addLast("metrics", handlers.metricsHandler());
            pipeline.addLast("query-decoder", handlers.udpQueryDecoder());
        } else {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, tcpIdleTimeout.toMillis(), TimeUnit.MILLISECONDS));
            pipeline.addLast("length-prepender", new LengthFieldPrepender(2));
            pipeline.addLast("reply-encoder", handlers.tcpReplyEncoder());
            pipeline.addLast("metrics", handlers.metricsHandler());
            pipeline.addLast("framer", new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE + 2, 0, 2, 0, 2));
            pipeline.addLast("query-decoder", handlers.tcpQueryDecoder());
        }
        pipeline.addLast("query-handler", handlers.queryHandler());
        pipeline.addLast("forward-handler", handlers.forwardHandler());
        pipeline.addLast("errors", transport == Transport.UDP ? handlers.udpErrors() : handlers.tcpErrors());
    }
}
