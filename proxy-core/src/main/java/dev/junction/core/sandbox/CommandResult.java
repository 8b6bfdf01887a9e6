package dev.junction.core.sandbox;

import java.util.List;

/** The outcome of one command run by the kernel-tier harness. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
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
