package dev.junction.core.conntrack;

/**
 * Conntrack could not be listed or changed: the kernel answered with an errno, a reply was malformed, or the netlink
 * socket failed. The message names the operation, the family and the errno or the malformed field.
 */
public class ConntrackException extends RuntimeException {

    private final int deletedBeforeFailure;

    public ConntrackException(String message) {
        this(message, 0, null);
    }

    public ConntrackException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    /** A delete batch that failed part-way: {@code deletedBeforeFailure} flows were deleted nonetheless. */
    public ConntrackException(String message, int deletedBeforeFailure, Throwable cause) {
        super(message, cause);
        this.deletedBeforeFailure = deletedBeforeFailure;
    }

    /** How many flows a failed {@link Conntrack#delete} deleted anyway (0 for other operations). */
    public int deletedBeforeFailure() {
        return deletedBeforeFailure;
    }
}
