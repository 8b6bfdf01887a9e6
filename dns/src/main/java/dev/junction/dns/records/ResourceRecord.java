package dev.junction.dns.records;

/**
 * One resource record of class IN. Prints as dig does: {@code web.ns1.svc.cluster.local. 5 IN A 198.18.0.10}.
 *
 * @param name absolute owner name, lower-case, with a trailing dot
 * @param ttl  seconds, 0 to 2^31-1
 */
public record ResourceRecord(String name, long ttl, RecordData data) {

    public ResourceRecord {
        if (!name.endsWith(".")) {
            throw new IllegalArgumentException("owner name \"" + name + "\" (expected: absolute, ending in a dot)");
        }
        if (ttl < 0 || ttl > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("TTL " + ttl + " of " + name + " (expected: 0-2147483647)");
        }
    }

    public int type() {
        return data.type();
    }

    @Override
    public String toString() {
        return name + " " + ttl + " IN " + RecordType.name(data.type()) + " " + data.present();
    }
}
