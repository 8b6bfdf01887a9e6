package dev.junction.core.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What one decoder call knows about the object it reads: its kind, its identity and the entries dropped so far. */
final class DecodeContext {

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
