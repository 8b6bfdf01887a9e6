package dev.junction.userspace.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the ring's connects write is what the kernel's structures read back as. */
class SockaddrTest {

    @ParameterizedTest(name = "{0} port {1}: {2} bytes")
    @CsvSource({"198.18.0.10, 8080, 16", "fd00::10, 80, 28"})
    void anAddressIsWrittenInItsFamilysLengthAndReadsBack(String ip, int port, int length) {
        InetSocketAddress address = new InetSocketAddress(ip, port);
        ByteBuf encoded = Sockaddr.encode(address, UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(encoded.readableBytes()).isEqualTo(length);
            assertThat(Sockaddr.decode(ByteBufUtil.getBytes(encoded), length)).isEqualTo(address);
        } finally {
            encoded.release();
        }
    }
}
