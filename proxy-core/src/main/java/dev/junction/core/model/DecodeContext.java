package dev.junction.core.model;

import dev.junction.core.net.Cidr;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one decoder call knows about the object it reads: its kind, its identity and the entries dropped so far. */
final class DecodeContext {

    private static final String A_CIDR = "a CIDR such as 198.18.0.0/15";

    private final String kind;
    private final ObjectRef ref;
    private final List<FieldProblem> dropped = new ArrayList<>();

    private DecodeContext(String kind, ObjectRef ref) {
        this.kind = kind;
        this.ref = ref;
    }

    /** Starts decoding {@code object}; fails when it has no name, since nothing could then identify it. */
    static DecodeContext of(String kind, HasMetadata object) throws InvalidObjectException {
        ObjectMeta meta = object.getMetadata();
        String namespace = meta == null || meta.getNamespace() == null ? "" : meta.getNamespace();
        String name = meta == null ? null : meta.getName();
        ObjectRef ref = new ObjectRef(namespace, name == null ? "" : name);
        if (name == null || name.isEmpty()) {
            throw new InvalidObjectException(FieldProblem.of(kind, ref, "metadata.name", name, "a non-empty name"));
        }
        return new DecodeContext(kind, ref);
    }

    ObjectRef ref() {
        return ref;
    }

    /** The problem that rejects the whole object. */
    InvalidObjectException invalid(String field, Object value, String expected) {
        return new InvalidObjectException(FieldProblem.of(kind, ref, field, value, expected));
    }

    /** Records one dropped list entry; the object itself is kept. */
    void drop(String field, Object value, String expected) {
        dropped.add(FieldProblem.of(kind, ref, field, value, expected));
    }

    /** The CIDR {@code text} in the field {@code field}, or empty after recording it as dropped. */
    Optional<Cidr> cidr(String field, String text) {
        try {
            return Optional.of(Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            drop(field, text, A_CIDR);
            return Optional.empty();
        }
    }

    /** The entries of the list field {@code field} that are CIDRs, in order; each other entry is recorded as dropped. */
    List<Cidr> cidrs(String field, List<String> raw) {
        List<Cidr> cidrs = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            cidr(field + "[" + i + "]", raw.get(i)).ifPresent(cidrs::add);
        }
        return cidrs;
    }

    <T> Decoded<T> result(T value) {
        return new Decoded<>(value, dropped);
    }

    static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static Map<String, String> mapOrEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
