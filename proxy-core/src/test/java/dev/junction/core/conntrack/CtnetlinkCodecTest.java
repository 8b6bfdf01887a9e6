package dev.junction.core.conntrack;

import static dev.junction.core.conntrack.Fixtures.flow;
import static dev.junction.core.conntrack.Fixtures.udp;
import static dev.junction.core.conntrack.NetlinkBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.conntrack.CtnetlinkDecoder.Ack;
import dev.junction.core.conntrack.CtnetlinkDecoder.DumpPart;
import dev.junction.core.net.IpAddress;
import dev.junction.core.net.IpFamily;
import dev.junction.core.net.Protocol;
import dev.junction.core.netlink.MalformedNetlinkException;
import dev.junction.core.netlink.NetlinkException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CtnetlinkCodecTest {

    private static final int SEQ = 7;
    private static final int CT_NEW = 0x0100;

    private final CtnetlinkEncoder encoder = new CtnetlinkEncoder(ByteOrder.LITTLE_ENDIAN);
    private final CtnetlinkDecoder decoder = new CtnetlinkDecoder(ByteOrder.LITTLE_ENDIAN);

    record Golden(String name, byte[] actual, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Golden> requests() {
        CtnetlinkEncoder little = new CtnetlinkEncoder(ByteOrder.LITTLE_ENDIAN);
        CtnetlinkEncoder big = new CtnetlinkEncoder(ByteOrder.BIG_ENDIAN);
        return Stream.of(
                new Golden("IPv4 dump: CT_GET, REQUEST|DUMP, nfgenmsg AF_INET", little.dumpRequest(IpFamily.IPV4, SEQ),
                        "14000000 0101 0103 07000000 00000000 | 02 00 0000"),
                new Golden("IPv6 dump: nfgenmsg AF_INET6", little.dumpRequest(IpFamily.IPV6, SEQ),
                        "14000000 0101 0103 07000000 00000000 | 0a 00 0000"),
                new Golden("big-endian host: headers flip, nfgenmsg does not", big.dumpRequest(IpFamily.IPV4, 0x01020304),
                        "00000014 0101 0301 01020304 00000000 | 02 00 0000"),
                new Golden("IPv4 UDP delete: CT_DELETE, REQUEST|ACK, nested original tuple, big-endian ports",
                        little.deleteRequest(udp("198.18.100.1", 53, "198.18.202.6", 5353), SEQ),
                        "48000000 0201 0500 07000000 00000000 | 02 00 0000"
                                + "| 3400 0180"                                   // CTA_TUPLE_ORIG, nested
                                + "|   1400 0180"                                 // CTA_TUPLE_IP, nested
                                + "|     0800 0100 c6120002"                      // CTA_IP_V4_SRC 198.18.0.2
                                + "|     0800 0200 c6126401"                      // CTA_IP_V4_DST 198.18.100.1
                                + "|   1c00 0280"                                 // CTA_TUPLE_PROTO, nested
                                + "|     0500 0100 11 000000"                     // CTA_PROTO_NUM 17, padded
                                + "|     0600 0200 9c40 0000"                     // CTA_PROTO_SRC_PORT 40000
                                + "|     0600 0300 0035 0000"),                   // CTA_PROTO_DST_PORT 53
                new Golden("IPv4 UDP get by reply tuple: CT_GET, REQUEST only, nested CTA_TUPLE_REPLY",
                        little.getByReplyRequest(Protocol.UDP, new ConntrackFlow.Tuple(IpAddress.parse("198.18.100.1"),
                                53, IpAddress.parse("198.18.0.2"), 40000), SEQ),
                        "48000000 0101 0100 07000000 00000000 | 02 00 0000"
                                + "| 3400 0280"                                   // CTA_TUPLE_REPLY, nested
                                + "|   1400 0180"
                                + "|     0800 0100 c6126401"                      // source: the endpoint side
                                + "|     0800 0200 c6120002"
                                + "|   1c00 0280"
                                + "|     0500 0100 11 000000"
                                + "|     0600 0200 0035 0000"
                                + "|     0600 0300 9c40 0000"),
                new Golden("IPv6 TCP delete: CTA_IP_V6_SRC/DST of 16 bytes",
                        little.deleteRequest(flow(Protocol.TCP, "fd00:198:18:100::1", 443, "fd00:198:18:202::6", 8443), 9),
                        "60000000 0201 0500 09000000 00000000 | 0a 00 0000"
                                + "| 4c00 0180"
                                + "|   2c00 0180"
                                + "|     1400 0300 fd000198001800000000000000000002"
                                + "|     1400 0400 fd000198001801000000000000000001"
                                + "|   1c00 0280"
                                + "|     0500 0100 06 000000"
                                + "|     0600 0200 9c40 0000"
                                + "|     0600 0300 01bb 0000"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestsMatchTheirGoldenBytes(Golden golden) {
        assertThat(hex(golden.actual())).isEqualTo(hex(hex(golden.expected())));
    }

    /** A datagram shaped like the kernel's: extra attributes, a tuple zone, an ICMP entry to leave out. */
    static byte[] capturedLikeDump(int sequence) {
        NetlinkBytes bytes = new NetlinkBytes();
        bytes.message(CT_NEW, 0x02, sequence).nfgenmsg(2);
        tuple(bytes, 1, 17, "c6120002", "c6126401", 40000, 53).end();
        tuple(bytes, 2, 17, "c612ca06", "c6120002", 5353, 40000).end();
        bytes.be32(3, 0x188).be32(7, 117).be32(8, 0).be32(11, 1).be32(12, 0xdeadbeefL).end();
        bytes.message(CT_NEW, 0x02, sequence).nfgenmsg(2);
        bytes.nest(1).nest(1).attribute(1, hex("c6120002")).attribute(2, hex("c6126401")).end()
                .nest(2).u8(1, 1).u8(5, 8).u8(6, 0).be16(4, 77).end().end();
        bytes.nest(2).nest(1).attribute(1, hex("c6126401")).attribute(2, hex("c6120002")).end()
                .nest(2).u8(1, 1).u8(5, 0).u8(6, 0).be16(4, 77).end().end();
        bytes.be32(3, 0x8).end();
        bytes.message(CT_NEW, 0x02, sequence).nfgenmsg(2);
        tuple(bytes, 1, 6, "c6120002", "c6126401", 40001, 443).be16(3, 0).end();
        tuple(bytes, 2, 6, "c612c804", "c6120002", 8443, 40001).end();
        bytes.nest(4).nest(1).u8(1, 3).end().end().end();
        return bytes.bytes();
    }

    private static NetlinkBytes tuple(NetlinkBytes bytes, int type, int protocol, String src, String dst, int sport,
            int dport) {
        return bytes.nest(type)
                .nest(1).attribute(1, hex(src)).attribute(2, hex(dst)).end()
                .nest(2).u8(1, protocol).be16(2, sport).be16(3, dport).end();
    }

    static byte[] done(int sequence) {
        return new NetlinkBytes().message(3, 0x02, sequence).raw(new byte[4]).end().bytes();
    }

    @Test
    void decodesADumpDatagramLeavingOutProtocolsWithoutPorts() {
        byte[] datagram = capturedLikeDump(SEQ);

        DumpPart part = decoder.decodeDump(datagram, datagram.length, SEQ);

        assertThat(part.flows()).containsExactly(
                udp("198.18.100.1", 53, "198.18.202.6", 5353),
                new ConntrackFlow(Protocol.TCP,
                        new ConntrackFlow.Tuple(Fixtures.ip("198.18.0.2"), 40001, Fixtures.ip("198.18.100.1"), 443),
                        new ConntrackFlow.Tuple(Fixtures.ip("198.18.200.4"), 8443, Fixtures.ip("198.18.0.2"), 40001)));
        assertThat(part.done()).isFalse();
        assertThat(part.interrupted()).isFalse();
    }

    @Test
    void aDumpEndsWithDoneAndReportsAnInterruptedDump() {
        byte[] last = new NetlinkBytes().message(3, 0x02 | 0x10, SEQ).raw(new byte[4]).end().bytes();

        DumpPart part = decoder.decodeDump(last, last.length, SEQ);

        assertThat(part).isEqualTo(new DumpPart(List.of(), true, true));
    }

    @Test
    void readsOnlyTheReceivedLengthOfTheBuffer() {
        byte[] done = done(SEQ);
        byte[] buffer = Arrays.copyOf(done, 4096);
        Arrays.fill(buffer, done.length, buffer.length, (byte) 0xff);

        assertThat(decoder.decodeDump(buffer, done.length, SEQ).done()).isTrue();
    }

    record RoundTrip(String name, ConntrackFlow flow) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RoundTrip> flows() {
        return Stream.of(
                new RoundTrip("IPv4 UDP", udp("198.18.100.1", 53, "198.18.202.6", 5353)),
                new RoundTrip("IPv4 TCP, port 65535", flow(Protocol.TCP, "198.19.255.255", 65_535, "198.18.0.9", 1)),
                new RoundTrip("IPv4 SCTP, port 0", flow(Protocol.SCTP, "198.18.100.1", 0, "198.18.1.1", 0)),
                new RoundTrip("IPv6 UDP", udp("fd00:198:18:100::1", 53, "fd00:198:18:202::6", 5353)));
    }

    /** Encode a delete, dress its original tuple up as a dump entry (original and reply), decode it again. */
    @ParameterizedTest
    @MethodSource("flows")
    void theDeleteTupleRoundTripsThroughTheDumpDecoder(RoundTrip roundTrip) {
        byte[] delete = encoder.deleteRequest(roundTrip.flow(), SEQ);
        byte[] originalTuple = Arrays.copyOfRange(delete, 20, delete.length);
        byte[] replyTuple = originalTuple.clone();
        replyTuple[2] = 2; // CTA_TUPLE_REPLY, nested flag kept
        byte[] entry = new NetlinkBytes().message(CT_NEW, 0x02, SEQ).nfgenmsg(delete[16])
                .raw(originalTuple).raw(replyTuple).end().bytes();

        List<ConntrackFlow> decoded = decoder.decodeDump(entry, entry.length, SEQ).flows();

        ConntrackFlow.Tuple original = roundTrip.flow().original();
        assertThat(decoded).containsExactly(new ConntrackFlow(roundTrip.flow().protocol(), original, original));
    }

    @Test
    void decodesAcksWithTheirErrno() {
        byte[] datagram = new NetlinkBytes()
                .message(2, 0x100, 11).raw(hex("00000000")).raw(new byte[16]).end()
                .message(2, 0, 12).raw(hex("feffffff")).raw(new byte[16]).end()
                .bytes();

        assertThat(decoder.decodeAcks(datagram, datagram.length)).containsExactly(new Ack(11, 0), new Ack(12, 2));
    }

    record Failure(String name, byte[] datagram, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Failure> failures() {
        byte[] valid = capturedLikeDump(SEQ);
        return Stream.of(
                new Failure("the kernel refuses the dump", error(-1),
                        "conntrack dump: the kernel answered errno 1 (EPERM)"),
                new Failure("the dump ends with an error code", new NetlinkBytes().message(3, 2, SEQ)
                        .raw(hex("f4ffffff")).end().bytes(), "conntrack dump: the kernel answered errno 12 (ENOMEM)"),
                new Failure("a message from another request", done(SEQ + 1), "with sequence 8 (expected: 7)"),
                new Failure("a message type outside ctnetlink", new NetlinkBytes().message(0x0201, 2, SEQ)
                        .nfgenmsg(2).end().bytes(), "message type 0x201 in a dump (expected: 0x100"),
                new Failure("a message length shorter than its header", withInt(done(SEQ), 0, 8),
                        "message length 8 at offset 0 (expected: 16-20)"),
                new Failure("a message length past the datagram", withInt(valid, 0, 4000),
                        "message length 4000 at offset 0"),
                new Failure("a header cut short", Arrays.copyOf(done(SEQ), 10), "10 trailing bytes at offset 0"),
                new Failure("an entry without its nfgenmsg", new NetlinkBytes().message(CT_NEW, 2, SEQ).raw(hex("02"))
                        .end().bytes(), "conntrack entry of 1 bytes (expected: at least the 4-byte nfgenmsg)"),
                new Failure("an entry without reply tuple", entry(b -> tuple(b, 1, 17, "c6120002", "c6126401", 1, 2)
                        .end()), "CTA_TUPLE_REPLY missing"),
                new Failure("an IPv4 address of 3 bytes", entry(b -> b.nest(1).nest(1).attribute(1, hex("c61200"))
                        .attribute(2, hex("c6126401")).end().end()), "CTA_TUPLE_ORIG/CTA_TUPLE_IP: attribute type 1: value of 3 bytes (expected: 4)"),
                new Failure("a source that is both IPv4 and IPv6", entry(b -> b.nest(1).nest(1)
                        .attribute(1, hex("c6120002")).attribute(3, new byte[16]).attribute(2, hex("c6126401"))
                        .end().end()), "CTA_TUPLE_ORIG source address: both IPv4 and IPv6"),
                new Failure("a UDP tuple without ports", entry(b -> b.nest(1).nest(1).attribute(1, hex("c6120002"))
                        .attribute(2, hex("c6126401")).end().nest(2).u8(1, 17).end().end()
                        .nest(2).nest(1).attribute(1, hex("c6126401")).attribute(2, hex("c6120002")).end()
                        .nest(2).u8(1, 17).end().end()), "CTA_TUPLE_ORIG: protocol 17 without CTA_PROTO_SRC_PORT"),
                new Failure("reply protocol differs from the original", entry(b -> {
                    tuple(b, 1, 17, "c6120002", "c6126401", 1, 2).end();
                    tuple(b, 2, 6, "c6126401", "c6120002", 2, 1).end();
                }), "CTA_TUPLE_REPLY: protocol 6 (expected: 17"),
                new Failure("an IPv6 reply to an IPv4 original", entry(b -> {
                    tuple(b, 1, 17, "c6120002", "c6126401", 1, 2).end();
                    b.nest(2).nest(1).attribute(3, new byte[16]).attribute(4, new byte[16]).end()
                            .nest(2).u8(1, 17).be16(2, 2).be16(3, 1).end().end();
                }), "reply tuple family IPv6 (expected: IPv4)"),
                new Failure("an attribute length past its nest", withShort(valid, 24, 400), "CTA_TUPLE_ORIG: attribute type 1 length 400 at offset 0 (expected: 4-48)"));
    }

    private static byte[] entry(Consumer<NetlinkBytes> attributes) {
        NetlinkBytes bytes = new NetlinkBytes().message(CT_NEW, 2, SEQ).nfgenmsg(2);
        attributes.accept(bytes);
        return bytes.end().bytes();
    }

    private static byte[] error(int code) {
        return new NetlinkBytes().message(2, 0, SEQ).raw(new byte[] {(byte) code, (byte) (code >> 8),
                (byte) (code >> 16), (byte) (code >> 24)}).raw(new byte[16]).end().bytes();
    }

    private static byte[] withInt(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    private static byte[] withShort(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return copy;
    }

    @ParameterizedTest
    @MethodSource("failures")
    void rejectsWithAMessageNamingTheProblem(Failure failure) {
        assertThatThrownBy(() -> decoder.decodeDump(failure.datagram(), failure.datagram().length, SEQ))
                .isInstanceOfAny(ConntrackException.class, NetlinkException.class)
                .hasMessageContaining(failure.message());
    }

    @Test
    void everyTruncationOfADumpIsAMalformedReplyNeverAnIndexError() {
        byte[] valid = capturedLikeDump(SEQ);
        for (int length = 1; length < valid.length; length++) {
            int cut = length;
            try {
                DumpPart part = decoder.decodeDump(valid, cut, SEQ);
                assertThat(part.flows()).as("a cut at %d can only succeed at a message boundary", cut).hasSizeLessThan(2);
            } catch (MalformedNetlinkException expected) {
                assertThat(expected.getMessage()).startsWith("malformed netlink reply: ");
            }
        }
    }

    @Test
    void everySingleByteCorruptionIsAnExceptionWithAMessageOrAValidFlow() {
        byte[] valid = capturedLikeDump(SEQ);
        for (int offset = 0; offset < valid.length; offset++) {
            for (int value : List.of(0x00, 0x01, 0x7f, 0x80, 0xff)) {
                byte[] corrupt = valid.clone();
                corrupt[offset] = (byte) value;
                try {
                    decoder.decodeDump(corrupt, corrupt.length, SEQ);
                } catch (ConntrackException | NetlinkException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
    }

    @Test
    void acksRejectAnythingElse() {
        byte[] done = done(SEQ);

        assertThatThrownBy(() -> decoder.decodeAcks(done, done.length))
                .isInstanceOf(MalformedNetlinkException.class)
                .hasMessageContaining("message type 3 with sequence 7 (expected: an acknowledgement, NLMSG_ERROR)");
    }
}
