package dev.junction.core.nfacct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.core.netlink.MalformedNetlinkException;
import dev.junction.core.netlink.NetlinkException;
import dev.junction.core.nfacct.NfacctCodec.Counts;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The nfnetlink_acct bytes, written out by hand from the kernel headers, little-endian like our hosts. */
class NfacctCodecTest {

    private static final int SEQ = 7;

    private final NfacctCodec codec = new NfacctCodec(ByteOrder.LITTLE_ENDIAN);

    @Test
    void newCreatesAndAsksForAnAckWhereGetOnlyNamesTheObject() {
        String nfgenmsgAndName = "00 00 0000 | 0800 0100 61626300";

        assertThat(hex(codec.newRequest("abc", SEQ)))
                .isEqualTo(hex("1c000000 0007 0504 07000000 00000000 | " + nfgenmsgAndName));
        assertThat(hex(codec.getRequest("abc", SEQ)))
                .isEqualTo(hex("1c000000 0107 0100 07000000 00000000 | " + nfgenmsgAndName));
    }

    @Test
    void getReplyGivesBigEndianSixtyFourBitCounts() {
        byte[] reply = bytes("""
                3c000000 0007 0000 07000000 d2040000
                00 00 0000
                0800 0100 61626300
                0c00 0200 0000000100000002
                0c00 0300 000000000000012c
                0800 0400 00000001""");

        assertThat(codec.decodeCounts(reply, reply.length, SEQ, "abc")).isEqualTo(new Counts(4_294_967_298L, 300));
    }

    @Test
    void ackGivesTheErrnoSuchAsEbusyForAnExistingObject() {
        byte[] busy = errorAck("f0ffffff");
        byte[] done = errorAck("00000000");

        assertThat(codec.decodeAck(busy, busy.length, SEQ)).isEqualTo(16);
        assertThat(codec.decodeAck(done, done.length, SEQ)).isZero();
    }

    @Test
    void getOfAnUnknownObjectFailsWithTheErrno() {
        byte[] missing = errorAck("feffffff");

        assertThatThrownBy(() -> codec.decodeCounts(missing, missing.length, SEQ, "abc"))
                .isInstanceOf(NetlinkException.class)
                .hasMessage("nfacct: the kernel answered errno 2 (ENOENT) (expected: the object abc)");
    }

    @Test
    void aReplyToAnotherRequestIsMalformed() {
        byte[] other = errorAck("00000000");

        assertThatThrownBy(() -> codec.decodeAck(other, other.length, SEQ + 1))
                .isInstanceOf(MalformedNetlinkException.class)
                .hasMessageContaining("sequences [7] (expected: an acknowledgement with sequence 8)");
    }

    @Test
    void aReplyWithoutThePacketCountIsMalformed() {
        byte[] reply = bytes("""
                1c000000 0007 0000 07000000 d2040000
                00 00 0000
                0800 0100 61626300""");

        assertThatThrownBy(() -> codec.decodeCounts(reply, reply.length, SEQ, "abc"))
                .isInstanceOf(MalformedNetlinkException.class)
                .hasMessage("malformed netlink reply: nfacct abc: NFACCT_PKTS missing");
    }

    @Test
    void namesLongerThanTheKernelTakesAreRefused() {
        assertThat(codec.newRequest("x".repeat(31), SEQ)).hasSize(16 + 4 + 36);
        assertThatThrownBy(() -> codec.newRequest("x".repeat(32), SEQ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nfacct name \"" + "x".repeat(32) + "\" of 32 bytes (expected: 1-31)");
    }

    /** NLMSG_ERROR with {@code errno} (negative, little-endian), then the request's header it answers. */
    private static byte[] errorAck(String errno) {
        return bytes("24000000 0200 0001 07000000 d2040000 " + errno
                + " 1c000000 0007 0504 07000000 00000000");
    }

    private static byte[] bytes(String text) {
        return HexFormat.of().parseHex(hex(text));
    }

    /** The hex digits of {@code text}, without the spaces and bars that show the structure. */
    private static String hex(String text) {
        return text.replaceAll("[\\s|]", "");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
