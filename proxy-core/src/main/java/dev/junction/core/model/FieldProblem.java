package dev.junction.core.model;

/**
 * One invalid field of a watched object: which object, which field, the value found and what was expected. Prints as
 * {@code Service ns1/web spec.ports[1].port: 70000 (expected: 1-65535)}, ready for a log line.
 *
 * @param kind     the object's API kind, such as {@code Service}
 * @param field    the field path, such as {@code spec.externalIPs[2]}
 * @param value    the offending value as found (strings quoted)
 * @param expected what would have been valid
 */
public record FieldProblem(String kind, ObjectRef ref, String field, String value, String expected) {

    /** A problem whose value is rendered quoted when it is a string, plain otherwise (numbers, null). */
    public static FieldProblem of(String kind, ObjectRef ref, String field, Object value, String expected) {
        String rendered = value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
        return new FieldProblem(kind, ref, field, rendered, expected);
    }

    @Override
    public String toString() {
        return kind + " " + ref + " " + field + ": " + value + " (expected: " + expected + ")";
    }
}
