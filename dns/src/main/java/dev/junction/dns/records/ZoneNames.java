package dev.junction.dns.records;

import dev.junction.dns.records.ZoneIndexBuilder.SrvTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable accumulator behind {@link ZoneIndexBuilder}: records per name, duplicates dropped, first-seen order
 * kept. SRV records are collected as targets and get CoreDNS's weights (⌊100/n⌋, at least 1, for n records at the
 * name) when frozen.
 */
final class ZoneNames {

    private final long ttl;
    private final Map<String, Set<ResourceRecord>> records = new HashMap<>();
    private final Map<String, Map<String, SrvTarget>> srv = new HashMap<>();
    private final Map<String, Set<ResourceRecord>> glue = new HashMap<>();

    /** @param ttl the TTL of the SRV records */
    ZoneNames(long ttl) {
        this.ttl = ttl;
    }

    /** Marks a name as existing, with or without records (so that other types get NODATA, not NXDOMAIN). */
    void touch(String name) {
        records.computeIfAbsent(name, n -> new LinkedHashSet<>());
    }

    void add(String name, ResourceRecord record) {
        records.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(record);
    }

    /** An SRV record at {@code name}; a second target with the same port and target name is the same record. */
    void addSrv(String name, SrvTarget target) {
        touch(name);
        srv.computeIfAbsent(name, n -> new LinkedHashMap<>())
                .putIfAbsent(target.port() + " " + target.target(), target);
    }

    /** An additional record for answers at {@code name} (the nameserver's address for the apex NS). */
    void addGlue(String name, ResourceRecord record) {
        touch(name);
        glue.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(record);
    }

    Map<String, NameRecords> freeze() {
        Map<String, NameRecords> frozen = new HashMap<>(records.size() * 2);
        records.forEach((name, set) -> frozen.put(name, withSrv(name, set)));
        return frozen;
    }

    private NameRecords withSrv(String name, Set<ResourceRecord> plain) {
        Map<String, SrvTarget> targets = srv.get(name);
        Set<ResourceRecord> additional = new LinkedHashSet<>(glue.getOrDefault(name, Set.of()));
        if (targets == null) {
            return plain.isEmpty() && additional.isEmpty() ? NameRecords.EMPTY
                    : new NameRecords(List.copyOf(plain), List.copyOf(additional));
        }
        List<ResourceRecord> all = new ArrayList<>(plain);
        int weight = Math.max(1, 100 / targets.size());
        for (SrvTarget target : targets.values()) {
            all.add(new ResourceRecord(name, ttl, new RecordData.Srv(0, weight, target.port(), target.target())));
            additional.addAll(target.addresses());
        }
        return new NameRecords(all, List.copyOf(additional));
    }
}
