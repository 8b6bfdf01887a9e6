package dev.junction.dns.records;

import java.util.List;

/**
 * What the responder answers for a question, before it is put on the wire (truncation happens there).
 *
 * @param authoritative the AA bit: set for every answer from cluster data, positive or negative
 */
public record Answer(
        Rcode rcode,
        boolean authoritative,
        List<ResourceRecord> answers,
        List<ResourceRecord> authority,
        List<ResourceRecord> additional) {

    public Answer {
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    /** An answer without records, such as SERVFAIL or REFUSED. */
    public static Answer error(Rcode rcode) {
        return new Answer(rcode, false, List.of(), List.of(), List.of());
    }
}
