package dev.junction.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.IpAddress;
import dev.junction.dns.records.Answer;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordData;
import dev.junction.dns.records.RecordType;
import dev.junction.dns.records.ResourceRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseWriterTest {

    private static final String NAME = "many.ns1.svc.cluster.local.";
    private static final int TC = 0x0200;

    record Fit(String name, int records, int additional, boolean edns, int limit, int answers, int extra, boolean tc) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fit> fits() {
        return Stream.of(
                new Fit("everything fits in 512", 10, 0, false, 512, 10, 0, false),
                new Fit("40 A records do not fit 512: some are left out and TC is set", 40, 0, false, 512, 29, 0,
                        true),
                new Fit("the EDNS size lets them fit, and the OPT record is counted", 40, 0, true, 1232, 40, 1,
                        false),
                new Fit("the OPT record's room is kept even when truncating", 40, 0, true, 512, 28, 1, true),
                new Fit("additional records that do not fit are left out without TC", 28, 10, false, 512, 28, 0,
                        false));
    }

    @ParameterizedTest
    @MethodSource("fits")
    void fitsTheLimitAndSetsTcOnlyWhenAnswersAreLeftOut(Fit c) throws MalformedMessageException {
        DnsQuery query = parse(Queries.query(1, 0, NAME, RecordType.A, 1, c.edns() ? c.limit() : -1, 0));
        Answer answer = new Answer(Rcode.NOERROR, true, records(NAME, c.records()), List.of(),
                records("extra.ns1.svc.cluster.local.", c.additional()));

        ByteBuf reply = ResponseWriter.write(UnpooledByteBufAllocator.DEFAULT, query, answer, c.limit());
        try {
            assertThat(reply.readableBytes()).isLessThanOrEqualTo(c.limit());
            assertThat(Queries.count(reply, 1)).isEqualTo(c.answers());
            assertThat(Queries.count(reply, 3)).isEqualTo(c.extra());
            assertThat((Queries.flags(reply) & TC) != 0).isEqualTo(c.tc());
            assertThat(MessageTtls.age(reply, 0)).as("the reply parses").isTrue();
        } finally {
            reply.release();
        }
    }

    @Test
    void compressesRepeatedNamesAndEchoesTheQuestion() throws MalformedMessageException {
        DnsQuery query = parse(Queries.query(1, "web.ns1.svc.cluster.local", RecordType.A));
        Answer answer = new Answer(Rcode.NOERROR, true, records("web.ns1.svc.cluster.local.", 2), List.of(),
                List.of());

        ByteBuf reply = ResponseWriter.write(UnpooledByteBufAllocator.DEFAULT, query, answer, 512);
        try {
            // header 12 + question 31 + two records of (pointer 2 + 10 + 4)
            assertThat(reply.readableBytes()).isEqualTo(12 + 31 + 2 * 16);
            assertThat(ByteBufUtil.getBytes(reply, 12, 31)).isEqualTo(query.questionWire());
            assertThat(Queries.flags(reply) & 0x8500).as("QR, AA, RD").isEqualTo(0x8500);
        } finally {
            reply.release();
        }
    }

    @Test
    void aCompressionLoopIsMalformed() {
        ByteBuf message = Queries.query(1, "a", RecordType.A);
        message.setShort(12, 0xc00c); // the question name points at itself
        Inbound inbound = QueryDecoder.decode(message);
        message.release();

        assertThat(inbound).isInstanceOfSatisfying(Inbound.Reject.class,
                reject -> assertThat(reject.rcode()).isEqualTo(Rcode.FORMERR));
    }

    @Test
    void unusualOctetsInLabelsAreEscapedAndMatchNothing() throws MalformedMessageException {
        ByteBuf message = Queries.query(1, "x", RecordType.A);
        message.setByte(13, '.');
        DnsQuery query = parse(message);

        assertThat(query.name()).isEqualTo("\\..");
    }

    @Test
    void unprintableOctetsAreEscapedAsThreeDecimalDigits() throws MalformedMessageException {
        ByteBuf message = Queries.query(1, "abc.d", RecordType.A);
        message.setByte(13, 7);
        message.setByte(14, ' ');
        message.setByte(15, 0xff);

        assertThat(parse(message).name()).isEqualTo("\\007\\032\\255.d.");
    }

    @Test
    void theLongestNameDecodesWithEveryOctetEscaped() throws MalformedMessageException {
        // 255 octets: three 63-octet labels and one of 61, each octet 0x01 (presented as \001).
        String labels = "a".repeat(63) + "." + "a".repeat(63) + "." + "a".repeat(63) + "." + "a".repeat(61);
        ByteBuf message = Queries.query(1, labels, RecordType.A);
        for (int i = 12; message.getByte(i) != 0; i += message.getByte(i) + 1) {
            for (int j = 1; j <= message.getByte(i); j++) {
                message.setByte(i + j, 1);
            }
        }

        String name = parse(message).name();

        assertThat(name).hasSize(3 * (63 * 4 + 1) + 61 * 4 + 1).startsWith("\\001\\001").endsWith("\\001.");
    }

    private static DnsQuery parse(ByteBuf message) throws MalformedMessageException {
        try {
            Inbound inbound = QueryDecoder.decode(message);
            if (inbound instanceof DnsQuery query) {
                return query;
            }
            throw new MalformedMessageException("not a query: " + inbound);
        } finally {
            message.release();
        }
    }

    private static List<ResourceRecord> records(String name, int count) {
        List<ResourceRecord> records = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            records.add(new ResourceRecord(name, 5, new RecordData.A(IpAddress.parse("198.18.2." + i))));
        }
        return records;
    }
}
