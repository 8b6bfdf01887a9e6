package dev.junction.dns.forward;

import dev.junction.dns.wire.DnsQuery;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/** Answers questions that are not the cluster zone's, from upstream resolvers. */
public interface Forwarder extends AutoCloseable {

    /**
     * Asks upstream. The future completes, on the forwarder's threads, with the reply for the client (its ID already
     * the query's; the caller owns the buffer), or exceptionally with {@link UpstreamException} when no upstream
     * answered ({@link ForwarderOverloadedException} when too many questions are in flight). Never blocks.
     *
     * @param replyLimit the largest reply the client takes (its UDP limit, or 65535 over TCP)
     */
    CompletableFuture<ByteBuf> forward(DnsQuery query, int replyLimit);

    @Override
    void close();
}
