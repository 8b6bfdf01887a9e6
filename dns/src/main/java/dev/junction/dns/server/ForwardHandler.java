package dev.junction.dns.server;

import dev.junction.dns.forward.Forwarder;
import dev.junction.dns.forward.ForwarderOverloadedException;
import dev.junction.dns.records.Answer;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.wire.DnsQuery;
import dev.junction.dns.wire.ResponseWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands questions the zone does not own to the {@link Forwarder} and writes back what it returns, or SERVFAIL when no
 * upstream answered (REFUSED when it is overloaded). Never waits: the reply is written when the forwarder's future completes. Shared.
 */
@Sharable
final class ForwardHandler extends SimpleChannelInboundHandler<DnsRequest> {

    private static final Logger log = LoggerFactory.getLogger(ForwardHandler.class);

    private final Forwarder forwarder;

    ForwardHandler(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DnsRequest request) {
        if (!(request.inbound() instanceof DnsQuery query)) {
            return;
        }
        Channel channel = ctx.channel();
        forwarder.forward(query, request.transport().replyLimit(query)).whenComplete((reply, failure) -> {
            if (failure != null) {
                log.debug("forward failed name={} type={} reason={}", query.name(), query.type(), failure.toString());
                ByteBuf error = ResponseWriter.write(channel.alloc(), query, Answer.error(rcodeOf(failure)),
                        request.transport().replyLimit(query));
                channel.writeAndFlush(new DnsReply(error, request, DnsMetrics.FORWARD));
            } else {
                channel.writeAndFlush(new DnsReply(reply, request, DnsMetrics.FORWARD));
            }
        });
    }

    /** REFUSED when the forwarder is overloaded (CoreDNS's {@code max_concurrent}), else SERVFAIL. */
    private static Rcode rcodeOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof ForwarderOverloadedException ? Rcode.REFUSED : Rcode.SERVFAIL;
    }
}
