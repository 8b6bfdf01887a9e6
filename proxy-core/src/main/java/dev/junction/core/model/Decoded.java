package dev.junction.core.model;

import java.util.List;

/**
 * A decoded object together with the entries of its list fields that were dropped one by one (an unparsable
 * externalIP, a source range, an endpoint of the wrong family), as kube-proxy filters them. The object is still
 * served; each dropped entry deserves a log line and a count.
 */
public record Decoded<T>(T value, List<FieldProblem> dropped) {

    public Decoded {
        dropped = List.copyOf(dropped);
    }
}
