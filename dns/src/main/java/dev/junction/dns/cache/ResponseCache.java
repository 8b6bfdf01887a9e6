package dev.junction.dns.cache;

import dev.junction.dns.wire.DnsQuery;
import dev.junction.dns.wire.MessageTtls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Forwarded replies, keyed by question (name case-folded, type, class, DO bit), kept for their TTL (capped at 3600 s
 * for answers and 1800 s for denials, as CoreDNS's cache) and served with the TTLs counted down. Holds at most
 * {@code capacity} entries, evicting the least recently used; copies bytes in and out, so it never shares buffers.
 * Thread-safe (one lock; each critical section is a map operation).
 */
public final class ResponseCache {

    static final long MAX_SUCCESS_TTL = 3600;
    static final long MAX_DENIAL_TTL = 1800;

    private final int capacity;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries;

    /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}, or a test's) */
    public ResponseCache(int capacity, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The cached reply to {@code query} with its ID and aged TTLs, or null; null too when it exceeds the limit. */
    public ByteBuf get(DnsQuery query, int replyLimit, ByteBufAllocator allocator) {
        if (capacity == 0) {
            return null;
        }
        String key = key(query);
        long now = nanoTime.getAsLong();
        Entry entry;
        synchronized (entries) {
            entry = entries.get(key);
            if (entry != null && now - entry.expiresNanos >= 0) {
                entries.remove(key);
                entry = null;
            }
        }
        if (entry == null || entry.message.length > replyLimit) {
            return null;
        }
        ByteBuf reply = allocator.buffer(entry.message.length).writeBytes(entry.message);
        reply.setShort(0, query.id());
        MessageTtls.age(reply, (now - entry.storedNanos) / 1_000_000_000L);
        return reply;
    }

    /** Keeps a copy of {@code reply} when it may be cached; the buffer is not consumed. */
    public void put(DnsQuery query, ByteBuf reply) {
        if (capacity == 0) {
            return;
        }
        OptionalLong ttl = MessageTtls.cacheTtl(reply);
        if (ttl.isEmpty() || ttl.getAsLong() == 0) {
            return;
        }
        boolean denial = (reply.getUnsignedByte(reply.readerIndex() + 3) & 0xf) == 3
                || reply.getUnsignedShort(reply.readerIndex() + 6) == 0;
        long seconds = Math.min(ttl.getAsLong(), denial ? MAX_DENIAL_TTL : MAX_SUCCESS_TTL);
        long now = nanoTime.getAsLong();
        Entry entry = new Entry(ByteBufUtil.getBytes(reply), now, now + seconds * 1_000_000_000L);
        synchronized (entries) {
            entries.put(key(query), entry);
            if (entries.size() > capacity) {
                var eldest = entries.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** The number of entries, expired ones included until they are next asked for. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static String key(DnsQuery query) {
        boolean dnssecOk = query.edns().map(DnsQuery.Edns::dnssecOk).orElse(false);
        return query.lookupName() + '/' + query.type() + '/' + query.dnsClass() + (dnssecOk ? "/do" : "");
    }

    private record Entry(byte[] message, long storedNanos, long expiresNanos) {
    }
}
