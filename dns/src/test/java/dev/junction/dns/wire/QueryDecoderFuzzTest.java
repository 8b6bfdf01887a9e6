package dev.junction.dns.wire;

import static dev.junction.core.fixtures.ObjectFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.dns.records.Answer;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.StoreStates;
import dev.junction.dns.records.ZoneIndex;
import dev.junction.dns.records.ZoneIndexBuilder;
import dev.junction.dns.records.ZoneSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Random and mutated packets through the decoder and, when they parse, the writer: nothing may throw. */
class QueryDecoderFuzzTest {

    private static final int PACKETS = 30_000;

    private final ZoneIndex zone = new ZoneIndexBuilder(ZoneSettings.defaults()).build(StoreStates.state(List.of(
            service("ns1", "web").clusterIp("198.18.0.10").port("http", 80).build())), true, 1);

    @Test
    void noPacketMakesTheDecoderOrWriterThrow() {
        Fuzz fuzz = new Fuzz(20261122L);
        Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
        for (int i = 0; i < PACKETS; i++) {
            ByteBuf packet = Unpooled.wrappedBuffer(fuzz.next());
            Inbound inbound = QueryDecoder.decode(packet);
            seen.merge(Kind.of(inbound), 1, Integer::sum);
            if (inbound instanceof DnsQuery query) {
                Answer answer = zone.lookup(query.lookupName(), query.type()).orElse(Answer.error(Rcode.SERVFAIL));
                ByteBuf reply = ResponseWriter.write(UnpooledByteBufAllocator.DEFAULT, query, answer, query.udpLimit());
                assertThat(reply.readableBytes()).isLessThanOrEqualTo(query.udpLimit());
                reply.release();
            }
            assertThat(packet.readerIndex()).as("the decoder leaves the buffer's indexes alone").isZero();
            packet.release();
        }
        assertThat(seen).as("the fuzzer reaches every outcome").containsKeys(Kind.values());
    }

    private enum Kind {
        QUERY, REJECT, DROP;

        static Kind of(Inbound inbound) {
            return switch (inbound) {
                case DnsQuery q -> QUERY;
                case Inbound.Reject r -> REJECT;
                case Inbound.Drop d -> DROP;
            };
        }
    }
}
