package dev.junction.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IpAddressTest {

    record Octets(String name, String text, byte[] octets) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Octets> octets() {
        return Stream.of(
                new Octets("IPv4 in network byte order", "198.18.0.10", new byte[] {(byte) 198, 18, 0, 10}),
                new Octets("IPv6 in network byte order", "fd00::1",
                        new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
                new Octets("an IPv4-mapped IPv6 address is the IPv4 address", "::ffff:198.18.0.10",
                        new byte[] {(byte) 198, 18, 0, 10}));
    }

    @ParameterizedTest
    @MethodSource("octets")
    void writesItsOctetsAndHandsOutCopies(Octets c) {
        IpAddress address = IpAddress.parse(c.text());
        ByteBuf out = Unpooled.buffer();
        try {
            address.writeTo(out);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(c.octets());
        } finally {
            out.release();
        }
        address.bytes()[0] = 1;
        assertThat(address.bytes()).isEqualTo(c.octets());
        assertThat(IpAddress.ofBytes(c.octets())).isEqualTo(address).hasSameHashCodeAs(address)
                .isEqualByComparingTo(address);
    }
}
