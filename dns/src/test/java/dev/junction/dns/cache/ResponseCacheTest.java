package dev.junction.dns.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.core.net.IpAddress;
import dev.junction.dns.records.Answer;
import dev.junction.dns.records.Rcode;
import dev.junction.dns.records.RecordData;
import dev.junction.dns.records.RecordType;
import dev.junction.dns.records.ResourceRecord;
import dev.junction.dns.wire.DnsQuery;
import dev.junction.dns.wire.QueryDecoder;
import dev.junction.dns.wire.Queries;
import dev.junction.dns.wire.ResponseWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {

    private static final long SECOND = 1_000_000_000L;
    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final ResponseCache cache = new ResponseCache(3, now::get);
    private ByteBuf hit;

    @AfterEach
    void release() {
        if (hit != null) {
            hit.release();
        }
    }

    @Test
    void servesAPositiveAnswerWithTheClientsIdAndTtlsCountedDown() {
        store("example.org.", positive("example.org.", 60));
        now.addAndGet(20 * SECOND);

        hit = cache.get(query(42, "EXAMPLE.org."), 512, ALLOC);

        assertThat(hit.getUnsignedShort(0)).isEqualTo(42);
        assertThat(firstTtl(hit)).isEqualTo(40);
    }

    @Test
    void anAnswerExpiresWithItsTtl() {
        store("example.org.", positive("example.org.", 60));
        now.addAndGet(60 * SECOND);

        assertThat(cache.get(query(1, "example.org."), 512, ALLOC)).isNull();
    }

    @Test
    void aNegativeAnswerLivesForTheSoaMinimum() {
        ResourceRecord soa = new ResourceRecord("example.org.", 300,
                new RecordData.Soa("ns.example.org.", "admin.example.org.", 1, 7200, 1800, 86_400, 30));
        store("none.example.org.", new Answer(Rcode.NXDOMAIN, true, List.of(), List.of(soa), List.of()));
        now.addAndGet(29 * SECOND);
        hit = cache.get(query(1, "none.example.org."), 512, ALLOC);
        now.addAndGet(SECOND);

        assertThat(Queries.rcode(hit)).isEqualTo(Rcode.NXDOMAIN.code());
        assertThat(cache.get(query(1, "none.example.org."), 512, ALLOC)).isNull();
    }

    @Test
    void aNegativeAnswerWithoutSoaAndServfailAreNotCached() {
        store("none.example.org.", new Answer(Rcode.NXDOMAIN, false, List.of(), List.of(), List.of()));
        store("fail.example.org.", Answer.error(Rcode.SERVFAIL));

        assertThat(cache.size()).isZero();
    }

    @Test
    void theTtlIsCappedAt3600Seconds() {
        store("example.org.", positive("example.org.", 86_400));
        now.addAndGet(3_600 * SECOND);

        assertThat(cache.get(query(1, "example.org."), 512, ALLOC)).isNull();
    }

    @Test
    void holdsAtMostItsCapacityEvictingTheLeastRecentlyUsed() {
        for (int i = 0; i < 10; i++) {
            store("n" + i + ".example.org.", positive("n" + i + ".example.org.", 60));
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(query(1, "n0.example.org."), 512, ALLOC)).isNull();
        hit = cache.get(query(1, "n9.example.org."), 512, ALLOC);
        assertThat(hit).isNotNull();
    }

    @Test
    void aReplyLargerThanTheClientTakesIsNotServed() {
        store("example.org.", positive("example.org.", 60));

        assertThat(cache.get(query(1, "example.org."), 20, ALLOC)).isNull();
    }

    private void store(String name, Answer answer) {
        DnsQuery query = query(7, name);
        ByteBuf reply = ResponseWriter.write(ALLOC, query, answer, 512);
        cache.put(query, reply);
        reply.release();
    }

    private static Answer positive(String name, long ttl) {
        return new Answer(Rcode.NOERROR, false,
                List.of(new ResourceRecord(name, ttl, new RecordData.A(IpAddress.parse("198.18.100.1")))),
                List.of(), List.of());
    }

    private static DnsQuery query(int id, String name) {
        ByteBuf message = Queries.query(id, name, RecordType.A);
        DnsQuery query = (DnsQuery) QueryDecoder.decode(message);
        message.release();
        return query;
    }

    /** The TTL of the first answer record: header, question, then owner (a pointer), type, class. */
    private static long firstTtl(ByteBuf reply) {
        int at = 12;
        while (reply.getUnsignedByte(at) != 0) {
            at += reply.getUnsignedByte(at) + 1;
        }
        at += 1 + 4; // root, qtype, qclass
        return reply.getUnsignedInt(at + 2 + 4);
    }
}
