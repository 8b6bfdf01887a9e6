package dev.junction.core.model;

/**
 * A watched object that cannot be used at all: a core field (ClusterIP, port, protocol, type, policy) is invalid. The
 * caller skips the object on its own, logs {@link #getMessage()} and counts it; everything else is still served.
 */
public final class InvalidObjectException extends Exception {

    private final transient FieldProblem problem;

    public InvalidObjectException(FieldProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public FieldProblem problem() {
        return problem;
    }
}
