package dev.junction.dns.forward;

import dev.junction.dns.cache.ResponseCache;
import dev.junction.dns.transport.SocketTransport;
import dev.junction.dns.wire.DnsQuery;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Forwards over one UDP socket to the upstreams in order: each gets {@code timeout} before the next is tried, and
 * when none answers the future fails (the client gets SERVFAIL). A truncated reply is retried over TCP with the same
 * upstream when the client can take more than the UDP reply (it came over TCP); otherwise the TC reply goes back and
 * the client retries over TCP itself, as CoreDNS's forward does. Replies must come from the upstream asked, with our
 * ID and the question asked, or they are ignored. At most {@value #MAX_PENDING} questions are in flight (CoreDNS's
 * kubeadm {@code max_concurrent 1000}); beyond that they fail at once with {@link ForwarderOverloadedException}.
 * Answers are cached in a {@link ResponseCache}. The socket's transport must match the event loop group's.
 */
public final class UpstreamForwarder implements Forwarder {

    static final int MAX_PENDING = 1000;
    /** The EDNS size advertised upstream for TCP clients (the DNS flag day 2020 value). */
    private static final int UDP_SIZE_FOR_TCP_CLIENTS = 1232;
    private static final int MAX_UDP_SIZE = 4096;
    private static final int TC = 0x0200;

    private final SocketTransport transport;
    private final EventLoopGroup group;
    private final Channel socket;
    private final List<InetSocketAddress> upstreams;
    private final Duration timeout;
    private final ResponseCache cache;
    private final ForwardMetrics metrics;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();

    /** Binds the upstream socket last, once every field its replies touch is set. */
    private UpstreamForwarder(SocketTransport transport, EventLoopGroup group, List<InetSocketAddress> upstreams,
            Duration timeout, ResponseCache cache, ForwardMetrics metrics) {
        this.transport = transport;
        this.group = group;
        this.upstreams = List.copyOf(upstreams);
        this.timeout = timeout;
        this.cache = cache;
        this.metrics = metrics;
        this.socket = new Bootstrap().group(group).channel(transport.datagramChannel()).handler(new ReplyReader())
                .bind(0).syncUninterruptibly().channel();
    }

    /**
     * Binds the upstream socket on {@code group}, whose transport is {@code transport}; with no upstreams, every
     * question fails at once.
     */
    public static Forwarder create(SocketTransport transport, EventLoopGroup group, List<InetSocketAddress> upstreams,
            Duration timeout, ResponseCache cache, ForwardMetrics metrics) {
        return upstreams.isEmpty() ? new NoUpstreams()
                : new UpstreamForwarder(transport, group, upstreams, timeout, cache, metrics);
    }

    @Override
    public CompletableFuture<ByteBuf> forward(DnsQuery query, int replyLimit) {
        ByteBuf cached = cache.get(query, replyLimit, socket.alloc());
        if (cached != null) {
            metrics.cacheHit();
            return CompletableFuture.completedFuture(cached);
        }
        metrics.cacheMiss();
        if (pending.size() >= MAX_PENDING) {
            metrics.upstreamError("overload");
            return CompletableFuture.failedFuture(new ForwarderOverloadedException(
                    pending.size() + " questions in flight (expected: fewer than " + MAX_PENDING + ")"));
        }
        Pending question = new Pending(query, replyLimit, new CompletableFuture<>());
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(0x10000);
        } while (pending.putIfAbsent(id, question) != null);
        question.id = id;
        socket.eventLoop().execute(() -> attempt(question, 0));
        return question.reply;
    }

    /** Runs on the socket's event loop. */
    private void attempt(Pending question, int index) {
        if (index >= upstreams.size()) {
            pending.remove(question.id, question);
            question.reply.completeExceptionally(new UpstreamException("no upstream answered " + question.query.name()
                    + " (tried " + upstreams + ")"));
            return;
        }
        question.upstream = index;
        // A client over TCP takes any size: ask over UDP first and retry over TCP if truncated. A client over UDP
        // gets the upstream's reply as is, so the upstream is told the client's own limit.
        int udpSize = question.replyLimit > MAX_UDP_SIZE ? UDP_SIZE_FOR_TCP_CLIENTS
                : question.query.edns().isPresent() ? question.replyLimit : 0;
        question.askedSize = udpSize == 0 ? DnsQuery.CLASSIC_UDP_LIMIT : udpSize;
        ByteBuf message = UpstreamQuery.write(socket.alloc(), question.id, question.query, udpSize);
        socket.writeAndFlush(new DatagramPacket(message, upstreams.get(index)));
        question.timer = socket.eventLoop().schedule(() -> {
            metrics.upstreamError("timeout");
            attempt(question, index + 1);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs on the socket's event loop; the packet's buffer is released by the caller. */
    private void received(InetSocketAddress sender, ByteBuf reply) {
        if (reply.readableBytes() < 12) {
            metrics.upstreamError("mismatch");
            return;
        }
        Pending question = pending.get(reply.getUnsignedShort(reply.readerIndex()));
        if (question == null || question.timer == null || !sender.equals(upstreams.get(question.upstream))
                || !sameQuestion(question, reply)) {
            metrics.upstreamError("mismatch");
            return;
        }
        question.timer.cancel(false);
        pending.remove(question.id, question);
        boolean truncated = (reply.getUnsignedShort(reply.readerIndex() + 2) & TC) != 0;
        if (truncated && question.replyLimit > question.askedSize) {
            retryOverTcp(question);
            return;
        }
        deliver(question, reply.retainedDuplicate());
    }

    private void retryOverTcp(Pending question) {
        ByteBuf message = UpstreamQuery.write(socket.alloc(), question.id, question.query, 0);
        InetSocketAddress upstream = upstreams.get(question.upstream);
        TcpExchange.ask(transport, group, upstream, message, timeout).whenComplete((reply, failure) -> {
            if (failure != null) {
                metrics.upstreamError("io");
                question.reply.completeExceptionally(
                        new UpstreamException("TCP retry to " + upstream + " failed: " + failure));
            } else {
                deliver(question, reply);
            }
        });
    }

    /** Caches the reply, gives it the client's ID, and completes the question; takes ownership of {@code reply}. */
    private void deliver(Pending question, ByteBuf reply) {
        cache.put(question.query, reply);
        reply.setShort(reply.readerIndex(), question.query.id());
        if (!question.reply.complete(reply)) {
            reply.release();
        }
    }

    private static boolean sameQuestion(Pending question, ByteBuf reply) {
        byte[] asked = question.query.questionWire();
        int start = reply.readerIndex() + 12;
        if (reply.getUnsignedShort(reply.readerIndex() + 4) != 1 || reply.writerIndex() - start < asked.length) {
            return false;
        }
        byte[] echoed = ByteBufUtil.getBytes(reply, start, asked.length);
        return new String(asked, StandardCharsets.ISO_8859_1)
                .equalsIgnoreCase(new String(echoed, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() {
        socket.close();
        pending.values().forEach(p -> p.reply.completeExceptionally(new UpstreamException("forwarder closed")));
        pending.clear();
    }

    /** Hands the upstreams' replies to {@link #received}; Netty releases each packet afterwards. */
    private final class ReplyReader extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            received(packet.sender(), packet.content());
        }
    }

    /** A question in flight; its mutable fields are touched only on the socket's event loop. */
    private static final class Pending {
        final DnsQuery query;
        final int replyLimit;
        final CompletableFuture<ByteBuf> reply;
        int id;
        int upstream;
        int askedSize;
        ScheduledFuture<?> timer;

        Pending(DnsQuery query, int replyLimit, CompletableFuture<ByteBuf> reply) {
            this.query = query;
            this.replyLimit = replyLimit;
            this.reply = reply;
        }
    }

    /** Without upstreams, nothing outside the zone can be answered. */
    private static final class NoUpstreams implements Forwarder {
        @Override
        public CompletableFuture<ByteBuf> forward(DnsQuery query, int replyLimit) {
            return CompletableFuture.failedFuture(new UpstreamException("no upstream resolvers configured"));
        }

        @Override
        public void close() {
        }
    }
}
