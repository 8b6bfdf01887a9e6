package dev.junction.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Messages that do not begin at index 0 of their buffer, as a frame inside a larger read may not. */
class QueryDecoderTest {

    private static final int START = 5;
    private static final String NAME = "Web.NS1.svc.Cluster.local";

    private final ByteBuf buffer = Unpooled.buffer();

    @AfterEach
    void release() {
        buffer.release();
    }

    @Test
    void readsFromTheReaderIndexAndLeavesTheIndexesAlone() {
        ByteBuf message = Queries.query(7, NAME, RecordType.A);
        int questionLength = message.readableBytes() - QueryDecoder.HEADER_LENGTH;
        int rootLabel = message.writerIndex() - 5; // the question name's last octet, before type and class
        message.setShort(10, 1); // ARCOUNT
        // An OPT record owned by a pointer to that root label: pointers count from the message's first octet.
        message.writeShort(0xc000 | rootLabel).writeShort(RecordType.OPT).writeShort(1232).writeInt(0).writeShort(0);
        buffer.writeZero(START).writeBytes(message).readerIndex(START);
        message.release();
        int writerIndex = buffer.writerIndex();

        Inbound inbound = QueryDecoder.decode(buffer);

        assertThat(buffer.readerIndex()).isEqualTo(START);
        assertThat(buffer.writerIndex()).isEqualTo(writerIndex);
        assertThat(inbound).isInstanceOfSatisfying(DnsQuery.class, query -> {
            assertThat(query.id()).isEqualTo(7);
            assertThat(query.name()).isEqualTo(NAME + ".");
            assertThat(query.lookupName()).isEqualTo("web.ns1.svc.cluster.local.");
            assertThat(query.questionWire()).as("the question echoed octet for octet, case kept")
                    .isEqualTo(ByteBufUtil.getBytes(buffer, START + QueryDecoder.HEADER_LENGTH, questionLength));
            assertThat(query.udpLimit()).isEqualTo(1232);
        });
    }

    @Test
    void offsetsInErrorsCountFromTheMessagesFirstOctet() {
        ByteBuf message = Queries.query(1, "a", RecordType.A);
        message.setShort(12, 0xc00c); // the question name points at itself
        buffer.writeZero(START).writeBytes(message).readerIndex(START);
        message.release();

        Inbound inbound = QueryDecoder.decode(buffer);

        assertThat(buffer.readerIndex()).isEqualTo(START);
        assertThat(inbound).isInstanceOfSatisfying(Inbound.Reject.class, reject -> {
            assertThat(reject.rcode()).isEqualTo(Rcode.FORMERR);
            assertThat(reject.reason()).startsWith("compression pointer at 12 to 12 ");
        });
    }

    @Test
    void theQuestionHandedOutIsACopy() {
        ByteBuf message = Queries.query(1, NAME, RecordType.A);
        DnsQuery query = (DnsQuery) QueryDecoder.decode(message);
        message.release();
        byte[] handedOut = query.questionWire();

        handedOut[1] = 'w';

        assertThat(query.questionWire()).isNotEqualTo(handedOut);
        assertThat(query.name()).isEqualTo(NAME + ".");
    }
}
