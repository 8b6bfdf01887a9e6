package dev.junction.core.process;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one child process run by {@link ChildProcesses}.
 *
 * @param exitCode -1 when the process did not finish (timed out or interrupted)
 * @param elapsed  from start to exit (or to the deadline)
 * @param timedOut the deadline passed and the process was killed
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed,
        boolean timedOut) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** Throws with the command, exit code and stderr unless it succeeded; returns stdout. */
    public String orThrow() {
        if (!succeeded()) {
            throw new IllegalStateException(
                    String.join(" ", command) + " exited " + exitCode + ": " + stderr.strip() + " " + stdout.strip());
        }
        return stdout;
    }
}
