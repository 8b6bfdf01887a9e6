package dev.junction.core.backend;

/**
 * A sync could not be applied; the previously applied rules are still in place. Gateways subclass it to carry the
 * command, exit code and offending input.
 */
public class SyncFailedException extends Exception {

    public SyncFailedException(String message) {
        super(message);
    }

    public SyncFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
