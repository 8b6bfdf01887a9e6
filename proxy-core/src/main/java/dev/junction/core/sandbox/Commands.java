package dev.junction.core.sandbox;

import dev.junction.core.process.ChildProcesses;
import dev.junction.core.process.CommandResult;
import java.time.Duration;
import java.util.List;

/** Short commands for the namespace sandbox, each with a 30 s deadline. */
public final class Commands {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private Commands() {
    }

    public static CommandResult run(List<String> command) {
        return run(command, "");
    }

    /** Runs {@code command} with {@code stdin}; a command still running after 30 s is an error. */
    public static CommandResult run(List<String> command, String stdin) {
        CommandResult result = ChildProcesses.run(command, stdin, DEADLINE);
        if (result.timedOut()) {
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + DEADLINE.toSeconds()
                    + "s");
        }
        return result;
    }

    /** Whether {@code program} is on the PATH (or an absolute path that exists). */
    public static boolean isInstalled(String program) {
        return run(List.of("sh", "-c", "command -v \"$0\" >/dev/null", program)).succeeded();
    }
}
