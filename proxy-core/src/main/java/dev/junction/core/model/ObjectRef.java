package dev.junction.core.model;

/** The identity of a namespaced object; prints as {@code namespace/name}, ready for the start of a log line. */
public record ObjectRef(String namespace, String name) implements Comparable<ObjectRef> {

    public ObjectRef {
        if (namespace == null || name == null) {
            throw new IllegalArgumentException("namespace and name must not be null");
        }
    }

    @Override
    public int compareTo(ObjectRef other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
