package dev.junction.dns.server;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/** Counts every reply on its way out, by rcode and source, and records its latency. Shared. */
@Sharable
final class MetricsHandler extends ChannelOutboundHandlerAdapter {

    private final DnsMetrics metrics;

    MetricsHandler(DnsMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof DnsReply reply) {
            metrics.reply(reply.request(), reply.rcode(), reply.source());
        }
        ctx.write(msg, promise);
    }
}
