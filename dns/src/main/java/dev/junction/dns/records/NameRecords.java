package dev.junction.dns.records;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the index holds for one existing name: its records (possibly none, which makes every question about it
 * NODATA), the additional records that go with its SRV and NS records (the targets' addresses), and the positive
 * answer for every type it can answer, built once with the index so that a lookup allocates nothing. Immutable.
 */
final class NameRecords {

    static final NameRecords EMPTY = new NameRecords(List.of(), List.of());

    private final List<ResourceRecord> records;
    private final List<ResourceRecord> additional;
    /** The types held (and ANY), with their answers; small, so scanned rather than hashed (no boxing). */
    private final int[] types;
    private final Answer[] answers;
    /** The answer to any other type: the CNAME, when the name has one; else null (NODATA). */
    private final Answer otherTypes;

    NameRecords(List<ResourceRecord> records, List<ResourceRecord> additional) {
        this.records = List.copyOf(records);
        this.additional = List.copyOf(additional);
        List<Integer> held = new ArrayList<>();
        for (ResourceRecord record : this.records) {
            if (!held.contains(record.type())) {
                held.add(record.type());
            }
        }
        held.add(RecordType.ANY);
        this.types = held.stream().mapToInt(Integer::intValue).toArray();
        this.answers = held.stream().map(this::positive).toArray(Answer[]::new);
        List<ResourceRecord> cname = this.records.stream().filter(r -> r.type() == RecordType.CNAME).toList();
        this.otherTypes = cname.isEmpty() ? null : new Answer(Rcode.NOERROR, true, cname, List.of(), List.of());
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

    /** The authoritative NOERROR answer with records for {@code qtype}, or null when it has none (NODATA). */
    Answer answer(int qtype) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == qtype) {
                return answers[i];
            }
        }
        return otherTypes;
    }

    private Answer positive(int qtype) {
        List<ResourceRecord> matching = answering(qtype);
        return matching.isEmpty() ? null : new Answer(Rcode.NOERROR, true, matching, List.of(), additionalFor(qtype));
    }

    /** The additional records for an answer to {@code qtype}: only SRV and NS answers carry any. */
    private List<ResourceRecord> additionalFor(int qtype) {
        return qtype == RecordType.SRV || qtype == RecordType.NS || qtype == RecordType.ANY ? additional : List.of();
    }
}
