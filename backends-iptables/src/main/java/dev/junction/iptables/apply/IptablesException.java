package dev.junction.iptables.apply;

import dev.junction.core.backend.SyncFailedException;
import java.util.List;

/**
 * An iptables binary failed. Carries the command, its exit code and stderr, and for a restore that failed on a given
 * line, that line with three lines of context either side (as kube-proxy's {@code ExtractLines}), so the log shows
 * what the kernel refused.
 */
public final class IptablesException extends SyncFailedException {

    private final List<String> command;
    private final int exitCode;
    private final String stderr;
    private final String context;

    public IptablesException(List<String> command, int exitCode, String stderr, String context) {
        super(message(command, exitCode, stderr, context));
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
        this.context = context;
    }

    public List<String> command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }

    /** The failing input line with context, or "" when the failure was not tied to a line. */
    public String context() {
        return context;
    }

    private static String message(List<String> command, int exitCode, String stderr, String context) {
        String base = String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip();
        return context.isEmpty() ? base : base + "\n" + context;
    }
}
