package dev.junction.core.sandbox;

import dev.junction.core.process.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One network namespace created by a {@link NetnsSandbox}; commands run inside it with {@code ip netns exec}. */
public final class Netns {

    private final String name;

    Netns(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Runs a command inside the namespace and waits for it (at most 30 s). */
    public CommandResult exec(String... command) {
        return Commands.run(wrap(List.of(command)));
    }

    /** Runs a command inside the namespace, feeding it {@code stdin}. */
    public CommandResult execWithInput(String stdin, String... command) {
        return Commands.run(wrap(List.of(command)), stdin);
    }

    /**
     * Starts a long-running process inside the namespace, its output appended to {@code log}. The sandbox kills every
     * process left in its namespaces when it closes.
     */
    public Process start(List<String> command, Path log) {
        try {
            return new ProcessBuilder(wrap(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " in " + name, e);
        }
    }

    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", name));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public String toString() {
        return name;
    }
}
