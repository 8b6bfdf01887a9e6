package dev.junction.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** An encoded reply and the request it answers; owns the buffer (released by the transport's encoder). */
final class DnsReply extends DefaultByteBufHolder {

    private final DnsRequest request;
    private final String source;

    /** @param source where the answer came from, a {@link DnsMetrics} source tag */
    DnsReply(ByteBuf message, DnsRequest request, String source) {
        super(message);
        this.request = request;
        this.source = source;
    }

    String source() {
        return source;
    }

    DnsRequest request() {
        return request;
    }

    /** The low four bits of the reply's rcode, read from its header. */
    int rcode() {
        return content().getUnsignedByte(content().readerIndex() + 3) & 0xf;
    }
}
