package dev.junction.dns.records;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the index holds for one existing name: its records (possibly none, which makes every question about it
 * NODATA) and the additional records that go with its SRV records (the targets' addresses).
 */
record NameRecords(List<ResourceRecord> records, List<ResourceRecord> additional) {

    static final NameRecords EMPTY = new NameRecords(List.of(), List.of());

    NameRecords {
        records = List.copyOf(records);
        additional = List.copyOf(additional);
    }

    /** The records answering {@code qtype}: a CNAME answers every type, ANY gets them all. */
    List<ResourceRecord> answering(int qtype) {
        List<ResourceRecord> matching = new ArrayList<>(records.size());
        for (ResourceRecord record : records) {
            if (record.type() == qtype || record.type() == RecordType.CNAME || qtype == RecordType.ANY) {
                matching.add(record);
            }
        }
        return matching;
    }

    /** The additional records for an answer to {@code qtype}: only SRV answers carry any. */
    List<ResourceRecord> additionalFor(int qtype) {
        return qtype == RecordType.SRV || qtype == RecordType.ANY ? additional : List.of();
    }
}
