package dev.junction.dns.server;

import dev.junction.dns.records.Answer;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordType;
import dev.junction.dns.records.ZoneIndex;
import dev.junction.dns.wire.DnsQuery;
import dev.junction.dns.wire.Inbound;
import dev.junction.dns.wire.ResponseWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers from the cluster zone, and rejects what no one should answer (BADVERS, REFUSED for classes other than IN
 * and for zone transfers, the decoder's FORMERR/NOTIMP). Questions that are not the zone's go on to the next handler,
 * the forwarder. Runs on the event loop: a lookup is a hash lookup on an immutable index. Replies are written without
 * a flush and flushed once per read batch ({@code channelReadComplete}), so that epoll sends a batch of datagrams in
 * one {@code sendmmsg}, and with the void promise (a failed write reaches {@code exceptionCaught}). Shared.
 */
@Sharable
final class QueryHandler extends SimpleChannelInboundHandler<DnsRequest> {

    private final Supplier<ZoneIndex> zone;
    private final DnsMetrics metrics;

    QueryHandler(Supplier<ZoneIndex> zone, DnsMetrics metrics) {
        this.zone = zone;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DnsRequest request) {
        switch (request.inbound()) {
            case Inbound.Reject reject -> ctx.write(new DnsReply(ResponseWriter.writeHeaderOnly(ctx.alloc(),
                    reject.id(), reject.flags(), reject.rcode()), request, DnsMetrics.ERROR), ctx.voidPromise());
            case DnsQuery query -> answer(ctx, request, query);
            case Inbound.Drop drop -> { } // decoders never pass drops on
        }
    }

    private void answer(ChannelHandlerContext ctx, DnsRequest request, DnsQuery query) {
        metrics.request(request.transport(), query.type());
        Optional<Answer> local = refusal(query);
        if (local.isEmpty()) {
            local = zone.get().lookup(query.lookupName(), query.type());
        }
        if (local.isEmpty()) {
            ctx.fireChannelRead(request);
            return;
        }
        ByteBuf reply = ResponseWriter.write(ctx.alloc(), query, local.get(), request.transport().replyLimit(query));
        ctx.write(new DnsReply(reply, request, DnsMetrics.ZONE), ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    /** BADVERS for EDNS versions other than 0; REFUSED for other classes and for AXFR/IXFR (no transfer plugin). */
    private static Optional<Answer> refusal(DnsQuery query) {
        if (query.edns().isPresent() && query.edns().get().version() != 0) {
            return Optional.of(Answer.error(Rcode.BADVERS));
        }
        if (query.dnsClass() != DnsQuery.CLASS_IN || query.type() == RecordType.AXFR
                || query.type() == RecordType.IXFR) {
            return Optional.of(Answer.error(Rcode.REFUSED));
        }
        return Optional.empty();
    }
}
