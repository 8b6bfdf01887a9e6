package dev.junction.daemonset;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the {@code junction} command line with its output captured; the agent is never launched. */
record CommandRun(int exitCode, String stdout, String stderr) {

    static CommandRun of(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = JunctionCommand.create((config, dns) -> {
            throw new AssertionError("the agent must not be launched by " + args);
        }, () -> "machine-a");
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args.toArray(String[]::new));
        return new CommandRun(exitCode, out.toString(), err.toString());
    }
}
